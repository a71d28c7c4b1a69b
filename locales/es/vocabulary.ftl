festival-kind-festival = Festival del aprendizaje
festival-kind-conference = Conferencia
festival-kind-forum = Foro
festival-state-upcoming = Próximamente
festival-state-running = En curso
festival-state-past = Terminado
festival-state-cancelled = Cancelado

event-kind-workshop = Taller
event-kind-talk = Charla
event-kind-panel = Mesa redonda
event-kind-exhibition = Exposición
event-kind-plenary = Plenaria
event-kind-ceremony = Ceremonia
event-kind-forum = Foro
event-kind-activity = Actividad
event-kind-other = Actividad

venue-feature-step_free_access = Acceso sin escalones
venue-feature-accessible_toilet = Baño accesible
venue-feature-hearing_loop = Bucle magnético
venue-feature-quiet_room = Sala tranquila
venue-feature-tactile_paving = Pavimento táctil
venue-feature-accessible_parking = Estacionamiento accesible

event-access-sign_language = Interpretación en lengua de señas
event-access-captioning = Subtítulos en directo
event-access-easy_read = Materiales de lectura fácil
event-access-audio_description = Audiodescripción

registration-status-confirmed = Confirmada
registration-status-waitlisted = En lista de espera
registration-status-cancelled = Cancelada

language-es = Español
language-en = Inglés
language-pt = Portugués
language-qu = Kichwa
language-fr = Francés
