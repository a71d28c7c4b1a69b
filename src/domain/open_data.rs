//! Figures fit for a city's open-data portal and the public figures page: no published count
//! may let anyone pick out a person. Statistical offices do it in two steps, and so does this:
//!
//! 1. **primary**: every count of 1 to 4 people is withheld (0 is kept: it names no one);
//! 2. **complementary**: in each table (activities, venues, days…), a column with exactly one
//!    withheld cell also loses its smallest other non-zero count, so the withheld one cannot
//!    be found by subtracting the others from the published total; and in each row, checked-in
//!    and no-shows go together (with the confirmed count they would give each other away).
//!
//! Rates go with their counts: a fill rate whose confirmed count is withheld is withheld too
//! (capacity × rate would give it back), and so is one that does not divide the confirmed
//! count (a group mixing open-entry activities). Activity counts and capacities are not about
//! people and stay.
//!
//! What this does not do: protect one table against another. A venue with two activities, one
//! of them withheld in the activities table, can give it back by subtraction. Statistical
//! offices solve that with linear programming over all tables at once (τ-ARGUS); a city that
//! publishes several tables of a small festival should publish the totals and one breakdown.

use super::figures::{ActivityRow, Day, Figures, Group, Need, People};

/// The smallest count of people published.
pub const MIN_PEOPLE: i64 = 5;

/// `figures` with the small counts withheld (`None`) and `withheld` set.
pub fn withhold_small(mut figures: Figures) -> Figures {
    figures.withheld = true;
    let totals = &mut figures.totals;
    for cell in [&mut totals.registrations, &mut totals.access_needs] {
        primary(cell);
    }
    withhold(std::slice::from_mut(&mut totals.people));
    withhold(&mut figures.days);
    withhold(&mut figures.activities);
    for table in [
        &mut figures.venues,
        &mut figures.cities,
        &mut figures.audiences,
        &mut figures.themes,
        &mut figures.languages,
        &mut figures.kinds,
        &mut figures.programme_days,
    ] {
        withhold(table);
    }
    withhold(&mut figures.access_needs);
    figures
}

fn primary(cell: &mut People) -> bool {
    let small = matches!(cell, Some(n) if (1..MIN_PEOPLE).contains(n));
    if small {
        *cell = None;
    }
    small
}

/// A table row whose people counts can be withheld.
trait Cells {
    const COLUMNS: usize;
    fn cell(&mut self, column: usize) -> &mut People;
    /// Withholds what the row's withheld cells would otherwise give away; whether it did.
    fn link(&mut self) -> bool {
        false
    }
    /// Drops the rates whose counts are gone.
    fn settle(&mut self) {}
}

impl Cells for Group {
    const COLUMNS: usize = 5;

    fn cell(&mut self, column: usize) -> &mut People {
        match column {
            0 => &mut self.confirmed,
            1 => &mut self.waiting,
            2 => &mut self.cancelled,
            3 => &mut self.checked_in,
            _ => &mut self.no_shows,
        }
    }

    fn link(&mut self) -> bool {
        // Once an activity has started, confirmed = checked in + no-shows: of the three, one
        // withheld alone would come back from the other two.
        let withheld = [self.confirmed, self.checked_in, self.no_shows]
            .iter()
            .filter(|c| c.is_none())
            .count();
        let linked = withheld > 0 && (self.checked_in.is_some() || self.no_shows.is_some());
        if linked && (self.confirmed.is_none() || withheld == 1) {
            self.checked_in = None;
            self.no_shows = None;
        }
        linked && (self.confirmed.is_none() || withheld == 1)
    }

    fn settle(&mut self) {
        // The fill rate divides the people in activities with a limit, which in a group that
        // mixes them with open-entry ones is not the confirmed count: capacity × rate would
        // give that other count back. Published only when it is the confirmed count's.
        let implied = self
            .fill_rate
            .map(|rate| (rate * self.capacity as f64).round() as i64);
        if self.confirmed.is_none() || implied != self.confirmed {
            self.fill_rate = None;
        }
        if self.checked_in.is_none() || self.no_shows.is_none() {
            self.attendance_rate = None;
        }
    }
}

impl Cells for ActivityRow {
    const COLUMNS: usize = Group::COLUMNS;

    fn cell(&mut self, column: usize) -> &mut People {
        self.figures.cell(column)
    }

    fn link(&mut self) -> bool {
        self.figures.link()
    }

    fn settle(&mut self) {
        self.figures.settle();
    }
}

impl Cells for Day {
    const COLUMNS: usize = 3;

    fn cell(&mut self, column: usize) -> &mut People {
        match column {
            0 => &mut self.registrations,
            1 => &mut self.seats,
            _ => &mut self.cancellations,
        }
    }
}

impl Cells for Need {
    const COLUMNS: usize = 1;

    fn cell(&mut self, _column: usize) -> &mut People {
        &mut self.registrations
    }
}

/// How many cells of `column` are withheld.
fn withheld_in<T: Cells>(rows: &mut [T], column: usize) -> usize {
    let mut count = 0;
    for row in rows.iter_mut() {
        count += usize::from(row.cell(column).is_none());
    }
    count
}

/// Primary, then complementary withholding over one table, until nothing more must go.
fn withhold<T: Cells>(rows: &mut [T]) {
    for row in rows.iter_mut() {
        for column in 0..T::COLUMNS {
            primary(row.cell(column));
        }
        row.link();
    }
    loop {
        let mut changed = false;
        for column in 0..T::COLUMNS {
            if withheld_in(rows, column) != 1 {
                continue;
            }
            let mut smallest: Option<(usize, i64)> = None;
            for (i, row) in rows.iter_mut().enumerate() {
                if let Some(n) = *row.cell(column)
                    && n > 0
                    && smallest.is_none_or(|(_, least)| n < least)
                {
                    smallest = Some((i, n));
                }
            }
            if let Some((i, _)) = smallest {
                *rows[i].cell(column) = None;
                changed = true;
            }
        }
        for row in rows.iter_mut() {
            changed |= row.link();
        }
        if !changed {
            break;
        }
    }
    for row in rows.iter_mut() {
        row.settle();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(key: &str, confirmed: i64, checked_in: i64, no_shows: i64) -> Group {
        Group {
            key: key.to_owned(),
            activities: 1,
            capacity: 20,
            confirmed: Some(confirmed),
            waiting: Some(0),
            cancelled: Some(0),
            checked_in: Some(checked_in),
            no_shows: Some(no_shows),
            fill_rate: Some(confirmed as f64 / 20.0),
            attendance_rate: Some(0.5),
        }
    }

    #[test]
    fn counts_under_five_are_withheld_and_zero_is_kept() {
        let mut rows = vec![
            group("a", 3, 0, 0),
            group("b", 12, 6, 6),
            group("c", 9, 5, 5),
        ];
        withhold(&mut rows);
        assert_eq!(rows[0].confirmed, None);
        assert_eq!(rows[0].fill_rate, None);
        assert_eq!(rows[0].waiting, Some(0));
        // Checked in and no-shows would sum to it once the activity has started.
        assert_eq!((rows[0].checked_in, rows[0].no_shows), (None, None));
    }

    #[test]
    fn a_lone_withheld_cell_takes_the_smallest_other_with_it() {
        // 3 alone could be found as the total (24) minus 12 and 9: 9 goes too.
        let mut rows = vec![
            group("a", 3, 0, 0),
            group("b", 12, 6, 6),
            group("c", 9, 5, 5),
        ];
        withhold(&mut rows);
        let confirmed: Vec<_> = rows.iter().map(|r| r.confirmed).collect();
        assert_eq!(confirmed, vec![None, Some(12), None]);
    }

    #[test]
    fn checked_in_and_no_shows_are_withheld_together() {
        // 2 no-shows alone would be withheld; confirmed 10 minus 8 checked in gives it back.
        let mut rows = vec![
            group("a", 10, 8, 2),
            group("b", 10, 2, 8),
            group("c", 10, 5, 5),
        ];
        withhold(&mut rows);
        for row in &rows[..2] {
            assert_eq!((row.checked_in, row.no_shows), (None, None), "{}", row.key);
            assert_eq!(row.attendance_rate, None);
        }
        assert_eq!(rows[2].confirmed, Some(10));
        assert_eq!(rows[2].checked_in, Some(5));
    }

    #[test]
    fn a_withheld_confirmed_count_takes_checked_in_and_no_shows_with_it() {
        // B's 6 is withheld to cover A's 3; B's 6 checked in and 0 no-shows would give it back.
        let mut rows = vec![
            group("a", 3, 3, 0),
            group("b", 6, 6, 0),
            group("c", 8, 5, 3),
            group("d", 20, 10, 10),
        ];
        withhold(&mut rows);
        for row in &rows {
            if row.confirmed.is_none() {
                assert_eq!((row.checked_in, row.no_shows), (None, None), "{}", row.key);
            }
        }
    }

    #[test]
    fn a_fill_rate_that_is_not_the_confirmed_counts_is_withheld() {
        // 12 confirmed, but only 3 of them in activities with a limit of 20: 0.15 × 20 = 3.
        let mut mixed = group("mixed", 12, 0, 0);
        mixed.fill_rate = Some(0.15);
        let mut whole = group("whole", 12, 0, 0);
        whole.fill_rate = Some(0.6);
        let mut rows = vec![mixed, whole];
        withhold(&mut rows);
        assert_eq!(rows[0].fill_rate, None);
        assert_eq!(rows[1].fill_rate, Some(0.6));
    }

    #[test]
    fn no_single_withheld_cell_is_left_in_any_column() {
        let mut rows: Vec<Group> = (0..12)
            .map(|i| group(&i.to_string(), (i * 7) % 13, (i * 3) % 7, (i * 5) % 9))
            .collect();
        withhold(&mut rows);
        for column in 0..Group::COLUMNS {
            assert_ne!(withheld_in(&mut rows, column), 1, "column {column}");
            for row in rows.iter_mut() {
                if let Some(n) = *row.cell(column) {
                    assert!(n == 0 || n >= MIN_PEOPLE, "column {column}: {n}");
                }
            }
        }
    }
}
