# The activity page (/festivals/{slug}/events/{id}), its registration form, and the page
# after registering (/r/{token}/welcome).
activity-back = All the activities of { $festival }
activity-kind = Type of activity
activity-when = When
activity-where = Where
activity-places = Places
activity-timezone = Local time in { $city } ({ $timezone })
activity-host = Hosted by
activity-audience = For
activity-themes = Themes
activity-language = Language
activity-access-support = Accessibility support
activity-access-none = None announced. Ask the organiser if you need any.
activity-about = About this activity
activity-materials = What to bring
activity-venue = The venue
activity-venue-map = See { $venue } on OpenStreetMap
activity-venue-features = Accessibility of the venue
activity-venue-no-features = The organiser has not listed any accessibility features for this venue. If you need one, ask them before you come.
activity-register-link = Go to the registration form
activity-register-title = Register
activity-closed-cancelled = This activity has been cancelled, so registration is closed.
activity-closed-festival_cancelled = The festival has been cancelled, so registration is closed.
activity-closed-started = Registration is closed: this activity has started or is over.
activity-closed-open_entry = No need to register: it is open entry, just come.
activity-waitlist-notice-title = This activity is full
activity-waitlist-notice = { $count ->
    [0] If you send this form, you will be first on the waiting list.
    [one] If you send this form, you will join the waiting list (1 person is waiting).
   *[other] If you send this form, you will join the waiting list ({ $count } people are waiting).
} We will email you if a place becomes free.
activity-calendar = Add to your calendar
activity-calendar-ics = Download for your calendar (.ics)
activity-calendar-google = Add to Google Calendar
activity-calendar-webcal = Subscribe to the whole programme of { $festival }

form-name = Your name
form-email = Email address
form-email-hint = We send your confirmation and a reminder to this address.
form-seats = Number of places
form-seats-hint = For you and the people coming with you: 1 to 10.
form-locale = Language of the emails
form-locale-hint = The confirmation, the reminder and any change will come in this language.
form-access_needs = Access needs (optional)
form-access_needs-hint = Tell the organiser what would help you take part, for example “I use a wheelchair” or “I need a sign language interpreter”.
form-consent = I agree that my details are kept and used as described above
form-privacy-title = How we use your details
form-privacy-what = What we keep: your name, email address, number of places, the language of your emails and any access needs you tell us.
form-privacy-why = Why: to hold your place, to email you about this activity (a confirmation, a reminder before it starts, and a notice if it changes or is cancelled), and so that { $organiser } can welcome you.
form-privacy-how-long = For how long: until { $days } days after the festival ends; then your details are anonymised. You can cancel your registration at any time with the link in your email.
form-honeypot = Leave this field empty
form-submit-register = Register
form-submit-waitlist = Join the waiting list
form-error-title = There is a problem
form-error-prefix = Error:
activity-error-title-prefix = Error:

activity-error-name-missing = Enter your name
activity-error-name-too_long = Your name must be 200 characters or fewer
activity-error-name-control_characters = Write your name on one line, without special characters
activity-error-email-missing = Enter your email address
activity-error-email-not_an_email = Enter an email address in the correct format, like name@example.com
activity-error-email-already_registered = This email address is already registered for this activity. Your confirmation email has the link to your registration.
activity-error-email-daily_limit = This email address has made too many registrations for this festival today. Please try again tomorrow.
activity-error-seats-out_of_range = The number of places must be between 1 and 10
activity-error-seats-not_a_number = Enter the number of places as a whole number, like 2
activity-error-locale-unknown_language = Choose one of the languages offered for your emails
activity-error-access_needs-too_long = Access needs must be 1000 characters or fewer
activity-error-access_needs-control_characters = Access needs may have line breaks but no special characters
activity-error-consent-no_consent = Tick the box to agree to how we use your details, or we cannot register you
activity-error-other = Check your answer to “{ $field }”
activity-error-closed-cancelled = This activity was cancelled while you were filling in the form, so nobody can register any more.
activity-error-closed-started = Registration closed while you were filling in the form: the activity has started.
activity-error-closed-open_entry = This activity no longer takes registrations: it is open entry, just come.
activity-error-closed-draft = The festival is not published yet: people can be added once it is.

welcome-title-confirmed = You are registered
welcome-title-waitlisted = You are on the waiting list
welcome-title-cancelled = This registration was cancelled
welcome-position = Your place on the waiting list: number { $position }
welcome-seats = { $seats ->
    [one] 1 place
   *[other] { $seats } places
}
welcome-activity-link = See the activity
welcome-cancelled-body = These places are free again for other people. To come after all, register again on the activity's page if there are places left.
welcome-next = What happens next
welcome-next-email-confirmed = We have sent a confirmation to { $email }.
welcome-next-email-waitlisted = We have sent an email to { $email } saying you are on the waiting list.
welcome-next-promoted = When a place becomes free, people on the list move up in order; we will email you as soon as you have a place.
welcome-next-reminder = We will send you a reminder before the activity starts.
welcome-next-changes = If anything changes (the time or the place) or the activity is cancelled, we will email you.
welcome-manage-title = Your registration
welcome-manage = See or cancel your registration
welcome-manage-hint = The link is also in your email. Keep it to yourself: anyone who has it can cancel your registration.
welcome-received-title = Thank you
welcome-received-body = We have received your form. If your details were correct, you will get an email shortly.
error-not-found-registration = This registration link does not work. The link to your registration is in the confirmation email we sent you when you registered: look for it in your inbox, and in your spam folder.
