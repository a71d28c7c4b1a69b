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
