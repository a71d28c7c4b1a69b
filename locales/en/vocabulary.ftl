# The words of Convoca's vocabularies (entity/src/vocabulary.rs), by their stored value.
festival-kind-festival = Learning festival
festival-kind-conference = Conference
festival-kind-forum = Forum
festival-state-upcoming = Coming up
festival-state-running = On now
festival-state-past = Over
festival-state-cancelled = Cancelled

event-kind-workshop = Workshop
event-kind-talk = Talk
event-kind-panel = Panel
event-kind-exhibition = Exhibition
event-kind-plenary = Plenary
event-kind-ceremony = Ceremony
event-kind-forum = Forum
event-kind-activity = Activity
event-kind-other = Activity

venue-feature-step_free_access = Step-free access
venue-feature-accessible_toilet = Accessible toilet
venue-feature-hearing_loop = Hearing loop
venue-feature-quiet_room = Quiet room
venue-feature-tactile_paving = Tactile paving
venue-feature-accessible_parking = Accessible parking

event-access-sign_language = Sign language interpretation
event-access-captioning = Live captions
event-access-easy_read = Easy-read materials
event-access-audio_description = Audio description

registration-status-confirmed = Confirmed
registration-status-waitlisted = On the waiting list
registration-status-cancelled = Cancelled

# Languages an activity may be held in, by primary subtag.
language-es = Spanish
language-en = English
language-pt = Portuguese
language-qu = Kichwa
language-fr = French
