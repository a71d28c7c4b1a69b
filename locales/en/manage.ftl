manage-title = Your registration
manage-done-cancelled = Your registration is cancelled. Your places have gone to the next people on the waiting list. We have sent you an email to confirm it.
manage-done-link-sent = We have sent the link to your calendar to { $email }. It can take a few minutes to arrive.
manage-your-registration = Your registration
manage-status-confirmed = { $seats ->
    [one] Confirmed: 1 place is kept for you.
   *[other] Confirmed: { $seats } places are kept for you.
}
manage-status-waitlisted = You are number { $position } on the waiting list. If places are freed for you, we will email you at once.
manage-status-cancelled = Cancelled on { $date }.
manage-name = Name
manage-email = Email
manage-access-needs = Your access needs
manage-event-cancelled = This activity has been cancelled by the organisers. We are sorry.
manage-when-where = When and where
manage-changed = The time or place has changed since you registered.
manage-changed-when = It was: { $was }.
manage-changed-place = The place was: { $was }.
manage-map = See the place on a map (OpenStreetMap)
manage-activity-page = More about this activity
manage-calendar = Add it to your calendar
manage-add-ics = Download for your calendar (.ics)
manage-calendar-link-hint = Your own calendar link shows all the activities you register for, and updates itself when something changes. For your privacy it is only sent by email.
manage-calendar-link = Email me the link to all my activities
manage-cannot-come = Can't come?
manage-cannot-come-hint = Cancel your registration so your places go to someone on the waiting list.
manage-cancel = Cancel my registration
cancel-title = Cancel your registration?
cancel-explain = { $seats ->
    [one] Your place will be given to the next person on the waiting list. You cannot undo this.
   *[other] Your { $seats } places will be given to the next people on the waiting list. You cannot undo this.
}
cancel-confirm = Yes, cancel my registration
cancel-not-possible = This registration can no longer be cancelled: it is already cancelled, or the activity has started.
cancel-keep = No, keep my registration
manage-reminders = Reminders
manage-reminders-on = We will email you a reminder before the activity.
manage-reminders-off = We will not send you reminders for this activity.
manage-reminders-stop = Stop reminders
manage-reminders-start = Send me reminders again
manage-done-reminders-off = Done: you will get no more reminders for this activity. We will still tell you if it changes or is cancelled.
manage-done-reminders-on = Done: we will send you reminders for this activity again.
reminders-title = Stop reminders?
reminders-explain = We will send you no more reminders for this activity. Your registration stays, and we will still tell you if the activity changes or is cancelled.
reminders-confirm = Yes, stop reminders
reminders-keep = Back to my registration

# The registration's check-in code and QR code.
manage-at-the-door = At the door
manage-at-the-door-hint = Show this code (or say it) when you arrive: the team finds your registration at once.
manage-your-code = Your code:
manage-qr-alt = QR code of your registration, code { $code }
