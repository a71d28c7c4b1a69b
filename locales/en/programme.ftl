festival-cancelled = This festival has been cancelled.
programme-timetable-link = See the timetable by venue
programme-subscribe = Subscribe to the programme in your calendar
programme-filters = Find an activity
programme-activities = Activities
programme-count = { $shown ->
    [one] 1 activity
   *[other] { $shown } activities
} of { $total }
programme-nothing = No activity matches these filters. Try fewer filters.
filter-day = Day
filter-any-day = Any day
filter-audience = For
filter-anyone = Anyone
filter-theme = Theme
filter-any-theme = Any theme
filter-language = Language
filter-any-language = Any language
filter-search = Words in the title or description
filter-accessible = Only in venues with step-free access
filter-available = Only with places left
filter-submit = Show activities
filter-clear = Clear the filters

event-online = Online
event-audience = For
event-language = Language
availability-open = Places available
availability-seats-left = { $count ->
    [one] 1 place left
   *[other] { $count } places left
}
availability-waitlist = { $count ->
    [0] Full: join the waiting list
   *[other] Full: join the waiting list ({ $count } waiting)
}
availability-open_entry = Open entry: no need to register
availability-closed = Registration closed: it has started or is over
availability-cancelled = Cancelled

timetable-title = Timetable
timetable-days = Days of the festival
timetable-nothing = No activity on this day.
timetable-caption = Activities on { $day }, by venue and start time
timetable-time = Time
