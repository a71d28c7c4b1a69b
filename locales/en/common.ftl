site-name = Convoca
skip-to-content = Skip to the content
language-switcher = Language
footer-about = Convoca: learning festivals, conferences and forums for learning cities.
footer-api = API for developers

error-not-found-title = Page not found
error-not-found-body = There is nothing at this address. It may have been mistyped, or the page may have been removed.
error-not-found-festival = This festival does not exist or is not public yet.
error-not-found-event = This activity does not exist or is not public yet.
error-too-many-title = Too many attempts
error-too-many-body = There were too many attempts from your connection. Please try again in a minute.
error-server-title = Something went wrong
error-server-body = We could not show this page. Please try again in a few minutes.
error-unavailable-title = The service is busy
error-unavailable-body = The service cannot answer right now. Please try again in a few minutes.
error-bad-request-title = We could not understand this request
error-bad-request-body = Please go back and try again.
error-go-home = Go to the list of festivals

# A span of days: "7 September 2026 – 13 September 2026".
date-range = { $start } – { $end }
error-form-title = This form has expired
error-form-body = For your safety, forms stop working after a few hours or when they did not come from this site. Go back, reload the page and send it again.
error-role-title = Not for your role
error-role-body = Your role in this organisation does not allow this page. An owner of the organisation can change your role.
# The name of a person's own calendar feed in their calendar app.
feed-person-name = My activities — Convoca
