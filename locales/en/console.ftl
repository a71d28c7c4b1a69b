# The organiser console (templates/pages/console/).
console-nav = Your account
console-sign-out = Sign out
console-role-owner = owner
console-role-editor = editor
console-role-door = door team
console-error-summary = There is a problem

console-sign-in-title = Sign in to the console
console-sign-in-explain = Organisers and door teams sign in with a link sent to their email address: there is no password to remember.
console-sign-in-email = Email address
console-sign-in-email-hint = The address your organisation added you with.
console-sign-in-email-invalid = Enter an email address, like name@example.org
console-sign-in-send = Email me a sign-in link
console-sign-in-sent-title = Check your email
console-sign-in-sent = If { $email } belongs to a member of an organisation, a sign-in link is on its way to it. It works once, within 15 minutes.
console-sign-in-sent-none = Nothing arrived after a few minutes? Look in your spam folder, check the address, or ask an owner of your organisation to add it.
console-sign-in-again = Ask for a new link
console-sign-in-as = You are signing in as { $email } to { $organisation }.
console-sign-in-button = Sign in
console-sign-in-dead-title = This link no longer works
console-sign-in-dead = Sign-in links work once, within 15 minutes. Ask for a new one.
console-signed-out = You are signed out.

console-festivals = Festivals
console-no-festivals = There is nothing here for your role yet.
console-festival-draft = draft
console-festival-published = published
console-festival-cancelled = cancelled
console-public-page = Public page
console-door = Check-in
console-back-home = Back to the festivals

console-door-pick = Choose the activity you are checking people in for.
console-door-no-activities = No activity of this festival takes registrations.
console-activity-cancelled = cancelled
console-door-counts = { $checked_in } of { $confirmed ->
    [one] 1 person
   *[other] { $confirmed } people
} checked in
console-door-other-activity = Another activity
console-door-whole-list = The activity's list
console-door-search = Name or code
console-door-search-hint = Two letters of any name, or the six-character code of the confirmation.
console-door-find = Find
console-door-too-short = Type at least two letters.
console-door-type = Type two letters of a name, or the code, to find a person.
console-door-nothing = Nobody confirmed for this activity matches “{ $q }”.
console-door-more = More people match: type a few more letters.
console-door-seats = { $seats ->
    [one] 1 person
   *[other] { $seats } people
}
console-access-needs = Access needs
console-door-check-in-named = Check in { $name }
console-door-undo-named = Undo the check-in of { $name }
console-door-arrived = Checked in at { $time }
console-door-done-in = { $name } is checked in.
console-door-done-undo = The check-in of { $name } is undone.
console-door-not-confirmed-waitlisted = On the waiting list: not confirmed for this activity.
console-door-not-confirmed-cancelled = This registration was cancelled.

console-notifications = Emails
console-activities = Activities
console-activity = Activity
console-when = When
console-where = Where
console-seats = Places
console-waiting = Waiting
console-open-entry = open entry
console-no-activities = This festival has no activity yet.
console-step-publish = Publish
console-step-cancel = Cancel the festival
console-step-delete = Delete the draft
console-step-publish-explain = Once published, the festival, its programme and its calendar feed are public, and people can register.
console-step-cancel-explain = { $people ->
    [0] Nobody is registered. The festival stays listed as cancelled.
    [one] The one person registered will be told by email. The festival stays listed as cancelled. This cannot be undone.
   *[other] The { $people } people registered will be told by email. The festival stays listed as cancelled. This cannot be undone.
}
console-step-delete-explain = The draft and its activities are deleted for good.
console-step-publish-confirm = Publish the festival
console-step-cancel-confirm = Cancel the festival and tell everyone
console-step-delete-confirm = Delete the draft for good
console-step-keep = Go back without changing anything
console-step-refused = This cannot be done yet:

console-registrations = Registrations
console-registrations-seats = { $taken } of { $capacity } places taken
console-registrations-seats-unlimited = { $taken } places taken
console-registrations-waiting = { $count ->
    [0] nobody waiting
    [one] 1 person waiting
   *[other] { $count } people waiting
}
console-registrations-done-cancelled = The registration is cancelled; the person is being told by email.
console-registrations-done-added-confirmed = The person is registered and will get the confirmation by email.
console-registrations-done-added-waitlisted = The activity is full: the person is on the waiting list and will be told by email.
console-registrations-search = Name or email
console-registrations-status = Status
console-registrations-all = All
console-status-confirmed = confirmed
console-status-waitlisted = waiting
console-status-cancelled = cancelled
console-filter = Filter
console-registrations-csv = Download as CSV
console-registrations-count = { $count ->
    [one] 1 registration
   *[other] { $count } registrations
}
console-registrations-first = (the first { $shown } are shown; the CSV has them all)
console-registrations-name = Name
console-registrations-actions = Actions
console-position = { $position } in line
console-checked-in = checked in
console-registrations-cancel-named = Cancel the registration of { $name }
console-registrations-add = Add a person
console-registrations-add-hint = For someone who phoned or came by: they get the same emails as if they had registered themselves.
console-registrations-consent = The person agreed that their details are kept to manage this registration
console-registrations-add-button = Add the person
console-registrations-cancel-title = Cancel a registration
console-registrations-already-cancelled = The registration of { $name } is already cancelled.
console-registrations-cancel-explain = { $name } will be told by email, and { $seats ->
    [one] their place goes
   *[other] their { $seats } places go
} to the waiting list.
console-registrations-cancel-confirm = Cancel the registration of { $name }

console-notifications-retried = The email is back in line: it is being sent again.
console-notifications-filter = Emails by status
console-email-pending = pending
console-email-sent = sent
console-email-failed = failed
console-email-skipped = skipped
console-notifications-count = { $count ->
    [one] 1 email
   *[other] { $count } emails
}
console-notifications-when = When
console-notifications-kind = Email
console-notifications-to = To
console-notifications-attempts = { $count } attempts
console-notifications-retry-to = Send again to { $email }
console-notifications-older = Older emails
console-kind-confirmed = confirmation
console-kind-waitlisted = waiting list
console-kind-promoted = place from the waiting list
console-kind-reminder = reminder
console-kind-event_changed = change of time or place
console-kind-event_cancelled = activity cancelled
console-kind-registration_cancelled = registration cancelled
console-kind-calendar_link = calendar link
console-kind-sign_in = sign-in link
