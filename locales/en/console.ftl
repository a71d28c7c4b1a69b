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

console-save = Save
console-yes = yes
console-no = no
console-error-field = { $field }: { $problem }
console-error-number = Enter a number, like 12
console-error-date = Enter a date, like 2027-03-09
console-error-time = Enter a time, like 10:00
console-error-required = Enter a value
console-error-choose = Choose one of the options
console-error-no-such-time = This time does not exist on that day in the festival's time zone (the clocks change)

console-venues = Venues
console-venue-new = Add a venue
console-venue-edit = Change a venue
console-venue-done-created = The venue is added.
console-venue-done-saved = The venue is saved. If its address changed, people registered for its activities are being told.
console-no-venues = No venue yet: add the places where the activities happen.
console-festival-new = New festival
console-festival-edit = Change the festival's details
console-festival-done-saved = The festival is saved.
console-festival-done-activity-created = The activity is added.
console-festival-done-activity-saved = The activity is saved. If it moved, the people registered are being told.
console-festival-done-publish = The festival is published.
console-festival-done-cancel = The festival is cancelled; everyone registered is being told.

console-activity-new = Add an activity
console-activity-edit = Change an activity
console-activity-edit-named = Change “{ $title }”
console-no-venue = No venue (online, or to be announced)
console-move-title = The activity moves
console-move-tell = { $count ->
    [one] 1 person will be told
   *[other] { $count } people will be told
} of the new time or place by email, with an updated calendar invitation.
console-move-confirm = { $count ->
    [one] Save and tell 1 person
   *[other] Save and tell { $count } people
}
console-reminder-weeks = { $count ->
    [one] 1 week before
   *[other] { $count } weeks before
}
console-reminder-days = { $count ->
    [one] 1 day before
   *[other] { $count } days before
}
console-reminder-hours = { $count ->
    [one] 1 hour before
   *[other] { $count } hours before
}
console-reminder-minutes = { $count } minutes before

console-field-name = Name
console-field-address = Address
console-field-city = City
console-field-country = Country
console-field-capacity = Places
console-field-accessibility = Accessibility
console-field-latitude = Latitude
console-field-longitude = Longitude
console-field-description = Description
console-field-slug = Web address
console-field-title = Title
console-field-kind = Kind
console-field-timezone = Time zone
console-field-starts_on = First day
console-field-ends_on = Last day
console-field-reminder_offsets_minutes = Reminders by email
console-field-website = Website
console-field-starts_at = Starts
console-field-ends_at = Ends
console-field-day = Day
console-field-time = Time
console-field-end-day = Day, if not the same
console-field-venue_id = Venue
console-field-online_url = Online link
console-field-registration_required = People register to come (leave unticked for open entry)
console-field-audience = For whom
console-field-themes = Themes
console-field-language = Language
console-field-host = Host
console-field-materials_note = What to bring
console-field-email = Email address
console-field-role = Role
console-field-festivals = Festivals at the door

console-hint-country = Two letters, like EC for Ecuador
console-hint-capacity = Leave empty for no limit (or the venue's)
console-hint-latitude = For the map, like -0.2186 (optional)
console-hint-description = Shown on the public pages
console-hint-slug = Lower-case letters, digits and dashes, like quito-aprende-2027: it is part of every link and cannot change
console-hint-timezone = Like America/Guayaquil: every time of the festival is read in it
console-hint-times = Festival time ({ $zone })
console-hint-ends_at = The day is the start's, unless you give another
console-hint-venue_id = Add places on the Venues page
console-hint-online_url = For an online activity, like https://meet.example/taller
console-hint-audience = Separated by commas, like children, families
console-hint-themes = Separated by commas, like science, reading
console-hint-language = Like es, en or qu
console-hint-materials_note = Like “Bring your laptop”

console-festival-done-imported = The programme is imported: { $count } activities in all.
console-import = Import a programme
console-import-explain = Prepare the activities in a spreadsheet, one row each, and save it as CSV. Every row is checked first: if any row has a mistake, nothing is imported and each mistake is listed with its line.
console-import-template = Download the template (CSV)
console-import-format = The format
console-import-format-separator = Columns separated by commas, semicolons or tabs; the first line names the columns.
console-import-format-times = day as 2027-03-09, start and end as 10:00, in festival time ({ $zone }). An end before the start is the next morning.
console-import-format-required = Required: { $columns }. The other columns may be left out or empty.
console-import-format-columns = Columns:
console-import-format-kind = kind: workshop, talk, panel, exhibition, plenary, ceremony, forum or activity.
console-import-format-venue = venue: the name of one of your venues, as on the Venues page; empty for online or to be announced. registration: yes or no (empty is yes).
console-import-format-lists = audience, themes, accessibility: several separated by commas (accessibility: sign_language, captioning, easy_read, audio_description).
console-import-file = The CSV file
console-import-file-hint = Or paste its text below.
console-import-paste = The CSV text
console-import-button = Check and import
console-import-refused = { $count ->
    [one] Nothing was imported: 1 mistake to correct
   *[other] Nothing was imported: { $count } mistakes to correct
}
console-import-line = Line { $line }
console-import-empty = The file is empty
console-import-columns = The first line must name the columns.
console-import-columns-unknown = Unknown: { $columns }.
console-import-columns-missing = Missing: { $columns }.
console-import-too-many = At most { $count } rows in one file
console-import-kind = Not a kind of activity (workshop, talk, panel…)
console-import-venue = None of your venues has this name
console-import-yes-no = Write yes or no
console-import-access = Use sign_language, captioning, easy_read or audio_description

console-members = Members
console-you = you
console-members-done-added = The member is added and told by email how to sign in.
console-members-done-removed = The member is removed: they are signed out everywhere.
console-member-add = Add a member
console-member-add-hint = They sign in with a link sent to their address; they are told by email.
console-member-add-button = Add the member
console-hint-role = Owner: everything, members included. Editor: festivals, venues, activities and registrations. Door team: check-in at the festivals ticked below.
console-member-remove-named = Remove { $email }
console-member-remove-title = Remove a member
console-member-remove-explain = { $email } will no longer be able to sign in, and is signed out at once.
console-member-remove-confirm = Remove { $email }
console-tokens = API tokens
console-tokens-explain = Tokens let your organisation's programs use Convoca's API. Treat each like a password.
console-token-new = Create a token
console-hint-name = A label to recognise it by, like “website”
console-token-create = Create the token
console-token-created = Your new token
console-token-once = Copy it now: it is shown only once, and only its fingerprint is kept.
console-token-created-on = Created
console-token-last-used = Last used
console-token-never = never
console-token-revoked = The token is revoked: requests with it are refused from now on.
console-token-revoke-named = Revoke “{ $name }”
console-token-revoke-title = Revoke a token
console-token-revoke-explain = Programs using “{ $name }” will be refused from now on.
console-token-revoke-confirm = Revoke “{ $name }”
console-member-last-owner = An organisation keeps at least one owner: make someone else owner first.

# The kinds of activity in the console's choice ("other" apart from "activity").
console-event-kind-workshop = Workshop
console-event-kind-talk = Talk
console-event-kind-panel = Panel
console-event-kind-exhibition = Exhibition
console-event-kind-plenary = Plenary
console-event-kind-ceremony = Ceremony
console-event-kind-forum = Forum
console-event-kind-activity = Activity
console-event-kind-other = Other
console-import-not-utf8 = The file is not UTF-8 text: in the spreadsheet, save it as “CSV UTF-8”, then try again.

console-festival-done-activity-cancel = The activity is cancelled; everyone registered is being told.
console-festival-done-activity-delete = The activity is deleted.
console-activity-cancel-named = Cancel “{ $title }”
console-activity-delete-named = Delete “{ $title }”
console-activity-cancel-title = Cancel “{ $title }”
console-activity-cancel-explain = { $people ->
    [0] Nobody is registered. It stays in the programme as cancelled.
    [one] The one person registered will be told by email. It stays in the programme as cancelled. This cannot be undone.
   *[other] The { $people } people registered will be told by email. It stays in the programme as cancelled. This cannot be undone.
}
console-activity-cancel-confirm = Cancel the activity
console-activity-delete-title = Delete “{ $title }”
console-activity-delete-explain = It is removed from the programme for good. Only an activity of a festival not yet published, with nobody registered, can be deleted; a published one is cancelled instead.
console-activity-delete-confirm = Delete the activity
# The member's own settings (/console/account).
console-account = Your account
console-account-save = Save
console-account-saved = Your settings are saved.
console-field-weekly_report = Send me the weekly report of our festivals
console-hint-weekly_report = Each Monday at 08:00 (in each festival's time zone) while a festival is coming or running, and once after it ends: its figures and what changed.
