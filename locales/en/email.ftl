# Emails (templates/email/). Every argument is text already written for the reader, except
# the numbers `seats`, `position` (0 when no longer waiting) and `count`.

# When an event happens: "Tuesday 9 March 2027, 10:00–12:00 (America/Guayaquil)".
time-span = { $day }, { $start }–{ $end } ({ $zone })
time-span-days = { $day }, { $start } – { $end_day }, { $end } ({ $zone })

email-greeting = Hello { $name },
email-sign-off = Best wishes,
email-signature = The { $festival } team
email-why = You are receiving this email because you registered for an event of { $festival }.
email-manage = Manage your registration

email-when = When
email-where = Where
email-online = Online
email-host = Host
email-accessibility = Accessibility
email-your-needs = You told us
email-registration = Registration
email-seats = { $seats ->
    [one] for 1 person
   *[other] for { $seats } people
}
email-more-information = More information
email-more-information-link = More about the event
email-event-page = Event page
email-calendar-heading = Add all your events to your calendar:
email-calendar-subscription = This is a calendar subscription link: your calendar will stay up to date with your registrations.
email-calendar-google = Google Calendar: “Other calendars” → “+” → “From URL”, then paste the link.
email-calendar-apple = Apple Calendar: “File” → “New Calendar Subscription”, then paste the link.
email-calendar-outlook = Outlook: “Add calendar” → “Subscribe from web”, then paste the link.

email-invitation-attached = We have attached a calendar invitation (.ics): open it to add the event to your calendar.
email-cancel-update-removes = If you had added the event to your calendar, the attached update removes it.

email-confirmed-subject = Registration confirmed: { $title }
email-confirmed-intro = Your registration for “{ $title }” is confirmed{ $seats ->
    [one] {""}
   *[other] {" "}for { $seats } people
}. See you there!
email-confirmed-cancel-hint = If you can no longer come, please cancel with the link below so that someone on the waiting list can take your place.

email-waitlisted-subject = On the waiting list: { $title }
email-waitlisted-intro = There are not enough places left at “{ $title }” for now, so your registration{ $seats ->
    [one] {""}
   *[other] {" "}for { $seats } people
} is on the waiting list.{ $position ->
    [0] {""}
    [1] {" "}You are first in line.
   *[other] {" "}You are number { $position } in line.
}
email-waitlisted-nothing-to-do = You don't need to do anything else: if a place frees up, your registration will be confirmed automatically and we will send you an email.
email-waitlisted-leave = If you are no longer interested, you can leave the waiting list with the link below.

email-promoted-subject = Good news: you have a place at { $title }
email-promoted-intro = Good news! There is now room for you at “{ $title }”: your registration{ $seats ->
    [one] {""}
   *[other] {" "}for { $seats } people
} has moved from the waiting list to confirmed.
email-promoted-cancel-hint = If you can no longer come, please cancel with the link below so that the place goes to the next person on the waiting list.

email-starts-in-now = now
email-starts-in-tomorrow = tomorrow
email-starts-in-days = in { $count } days
email-starts-in-hours = { $count ->
    [one] in 1 hour
   *[other] in { $count } hours
}
email-starts-in-minutes = { $count ->
    [one] in 1 minute
   *[other] in { $count } minutes
}
email-reminder-subject = Reminder: { $title } starts { $starts_in }
email-reminder-intro = A quick reminder: “{ $title }” starts { $starts_in }. You will find the time, the place and the accessibility details below.
email-reminder-cancel-hint = If you can no longer come, please cancel with the link below so that someone else can take your place.
email-reminders-off = Stop reminders for this activity

email-changed-time-and-place = New time and place
email-changed-time = New time
email-changed-place = New place
email-changed-other = Event updated
email-changed-subject = { $what }: { $title }
email-changed-intro = The organisers have made changes to “{ $title }”.
email-changed-when-heading = Date and time
email-changed-place-heading = Place
email-changed-before-now = Before: { $before } → Now: { $now }
email-online-only = online
email-changed-invitation = The attached calendar invitation updates the event in your calendar. If you can no longer come, please cancel with the link below so that someone else can take your place.
email-changed-updated = Here are the updated details:

email-event-cancelled-subject = Event cancelled: { $title }
email-event-cancelled-intro = We are sorry to let you know that the organisers have cancelled “{ $title }”.
email-event-cancelled-nothing-to-do = Your registration has been cancelled too, and you don't need to do anything.
email-event-cancelled-apology = We apologise for the inconvenience and hope to see you at another event of { $festival }.

email-registration-cancelled-subject = Registration cancelled: { $title }
email-registration-cancelled-intro = This confirms that your registration for “{ $title }” has been cancelled, as you asked. Thank you for letting us know.
email-registration-cancelled-again = If this was a mistake, you can register again on the event page while places remain:

email-calendar-link-subject = The link to your { $festival } calendar
email-calendar-link-intro = You asked for the link to your own calendar: it gathers every event you are confirmed for, with its times and places, and updates itself when anything changes.
email-calendar-link-ignore = If you did not ask for it, you can ignore this email: the link is only ever sent to this address.

# The console's sign-in link, to an organisation member.
email-sign-in-subject = Sign in to { $organisation } on Convoca
email-sign-in-greeting = Hello,
email-sign-in-intro = Someone, we hope you, asked to sign in to the console of { $organisation } as { $email }. Use this link to sign in:
email-sign-in-button = Sign in
email-sign-in-expiry = The link works once, within { $minutes } minutes.
email-sign-in-ignore = If you did not ask for it, ignore this email: nobody can sign in without this link.

# The code a confirmed person shows at the door, with its QR image.
email-door-code = Your code at the door
email-door-hint = Show this code or the QR code when you arrive.
email-door-qr-alt = QR code of your registration, code { $code }

# To someone an owner added to an organisation.
email-invited-subject = You can now sign in to { $organisation } on Convoca
email-invited-intro = { $by } added you to { $organisation } on Convoca, as { $role }.
email-invited-how = To sign in, open the console and type { $email }: a link to sign in will be sent to this address. There is no password.
email-invited-button = Open the console
# The weekly report of a festival's figures, to its owners and editors.
email-report-subject = { $festival }: the week of { $week }
email-report-subject-final = { $festival }: the final figures
email-report-intro = Here are the figures of { $festival } for the week of { $week }.
email-report-intro-final = { $festival } has ended. Here are its final figures.
email-report-figures = The figures
email-report-changes = Since the last report
email-report-changes-first = So far
email-report-new-registrations = { $count ->
    [one] 1 new registration
   *[other] { $count } new registrations
}
email-report-failed = { $count ->
    [0] No email failed
    [one] 1 email failed
   *[other] { $count } emails failed
}
email-report-see-failed = See them
email-report-filled = { $count ->
    [0] No activity filled up.
    [one] 1 activity filled up:
   *[other] { $count } activities filled up:
}
email-report-grown = { $count ->
    [0] No waiting list grew.
    [one] 1 waiting list grew:
   *[other] { $count } waiting lists grew:
}
email-report-grown-by = from { $before } to { $now } waiting
email-report-more = and { $count } more
email-report-all-figures = See every figure
email-report-why = You get this report as a member of { $organisation }.
email-report-turn-off = Turn it off
