# La página de una actividad (/festivals/{slug}/events/{id}), su formulario de inscripción y
# la página que sigue a la inscripción (/r/{token}/welcome).
activity-back = Todas las actividades de { $festival }
activity-kind = Tipo de actividad
activity-when = Cuándo
activity-where = Dónde
activity-places = Plazas
activity-timezone = Hora local de { $city } ({ $timezone })
activity-host = A cargo de
activity-audience = Para
activity-themes = Temas
activity-language = Idioma
activity-access-support = Apoyos de accesibilidad
activity-access-none = No se ha anunciado ninguno. Pregunte a la organización si necesita alguno.
activity-about = Sobre esta actividad
activity-materials = Qué traer
activity-venue = El lugar
activity-venue-map = Ver { $venue } en OpenStreetMap
activity-venue-features = Accesibilidad del lugar
activity-venue-no-features = La organización no ha indicado ninguna característica de accesibilidad de este lugar. Si necesita alguna, pregúntele antes de venir.
activity-register-link = Ir al formulario de inscripción
activity-register-title = Inscribirse
activity-closed-cancelled = Esta actividad ha sido cancelada, así que la inscripción está cerrada.
activity-closed-festival_cancelled = El festival ha sido cancelado, así que la inscripción está cerrada.
activity-closed-started = La inscripción está cerrada: esta actividad ya empezó o terminó.
activity-closed-open_entry = No hace falta inscribirse: la entrada es libre, venga directamente.
activity-waitlist-notice-title = Esta actividad está completa
activity-waitlist-notice = { $count ->
    [0] Si envía este formulario, será la primera persona en la lista de espera.
    [one] Si envía este formulario, entrará en la lista de espera (hay 1 persona esperando).
   *[other] Si envía este formulario, entrará en la lista de espera (hay { $count } personas esperando).
} Le escribiremos si se libera una plaza.
activity-calendar = Añadir a su calendario
activity-calendar-ics = Descargar para su calendario (.ics)
activity-calendar-google = Añadir a Google Calendar
activity-calendar-webcal = Suscribirse a todo el programa de { $festival }

form-name = Su nombre
form-email = Correo electrónico
form-email-hint = Le enviaremos a esta dirección la confirmación y un recordatorio.
form-seats = Número de plazas
form-seats-hint = Para usted y quienes le acompañen: de 1 a 10.
form-locale = Idioma de los correos
form-locale-hint = La confirmación, el recordatorio y cualquier cambio le llegarán en este idioma.
form-access_needs = Necesidades de accesibilidad (opcional)
form-access_needs-hint = Cuéntele a la organización qué le ayudaría a participar, por ejemplo «uso silla de ruedas» o «necesito intérprete de lengua de señas».
form-consent = Acepto que mis datos se guarden y se usen como se explica arriba
form-privacy-title = Cómo usamos sus datos
form-privacy-what = Qué guardamos: su nombre, su correo electrónico, el número de plazas, el idioma de sus correos y las necesidades de accesibilidad que nos cuente.
form-privacy-why = Para qué: para reservar su plaza, para escribirle sobre esta actividad (una confirmación, un recordatorio antes de que empiece y un aviso si cambia o se cancela) y para que { $organiser } pueda recibirle bien.
form-privacy-how-long = Durante cuánto tiempo: hasta { $days } días después de que termine el festival; después sus datos se anonimizan. Puede cancelar su inscripción en cualquier momento con el enlace de su correo.
form-honeypot = Deje este campo vacío
form-submit-register = Inscribirme
form-submit-waitlist = Apuntarme a la lista de espera
form-error-title = Hay un problema
form-error-prefix = Error:
activity-error-title-prefix = Error:

activity-error-name-missing = Escriba su nombre
activity-error-name-too_long = Su nombre debe tener 200 caracteres o menos
activity-error-name-control_characters = Escriba su nombre en una sola línea, sin caracteres especiales
activity-error-email-missing = Escriba su correo electrónico
activity-error-email-not_an_email = Escriba un correo electrónico con el formato correcto, como nombre@ejemplo.com
activity-error-email-already_registered = Este correo ya está inscrito en esta actividad. Su correo de confirmación tiene el enlace a su inscripción.
activity-error-email-daily_limit = Este correo ha hecho demasiadas inscripciones en este festival hoy. Vuelva a intentarlo mañana.
activity-error-seats-out_of_range = El número de plazas debe estar entre 1 y 10
activity-error-seats-not_a_number = Escriba el número de plazas con cifras, como 2
activity-error-locale-unknown_language = Elija uno de los idiomas ofrecidos para sus correos
activity-error-access_needs-too_long = Las necesidades de accesibilidad deben tener 1000 caracteres o menos
activity-error-access_needs-control_characters = Las necesidades de accesibilidad pueden tener saltos de línea, pero no caracteres especiales
activity-error-consent-no_consent = Marque la casilla para aceptar cómo usamos sus datos; sin ello no podemos inscribirle
activity-error-other = Revise su respuesta a «{ $field }»
activity-error-closed-cancelled = Esta actividad se canceló mientras rellenaba el formulario, así que ya nadie puede inscribirse.
activity-error-closed-started = La inscripción se cerró mientras rellenaba el formulario: la actividad ya empezó.
activity-error-closed-open_entry = Esta actividad ya no admite inscripciones: la entrada es libre, venga directamente.
activity-error-closed-draft = El festival todavía no está publicado: se puede inscribir a personas cuando lo esté.

welcome-title-confirmed = Está inscrito
welcome-title-waitlisted = Está en la lista de espera
welcome-title-cancelled = Esta inscripción fue cancelada
welcome-position = Su lugar en la lista de espera: número { $position }
welcome-seats = { $seats ->
    [one] 1 plaza
   *[other] { $seats } plazas
}
welcome-activity-link = Ver la actividad
welcome-cancelled-body = Estas plazas vuelven a estar libres para otras personas. Si al final puede venir, inscríbase de nuevo en la página de la actividad si quedan plazas.
welcome-next = Qué pasa ahora
welcome-next-email-confirmed = Hemos enviado una confirmación a { $email }.
welcome-next-email-waitlisted = Hemos enviado un correo a { $email } que dice que está en la lista de espera.
welcome-next-promoted = Cuando se libera una plaza, la lista avanza por orden; le escribiremos en cuanto tenga plaza.
welcome-next-reminder = Le enviaremos un recordatorio antes de que empiece la actividad.
welcome-next-changes = Si algo cambia (la hora o el lugar) o la actividad se cancela, le escribiremos.
welcome-manage-title = Su inscripción
welcome-manage = Ver o cancelar su inscripción
welcome-manage-hint = El enlace también está en su correo. No lo comparta: quien lo tenga puede cancelar su inscripción.
welcome-received-title = Gracias
welcome-received-body = Hemos recibido su formulario. Si sus datos eran correctos, recibirá un correo en breve.
error-not-found-registration = Este enlace de inscripción no funciona. El enlace a su inscripción está en el correo de confirmación que le enviamos al inscribirse: búsquelo en su bandeja de entrada y en la carpeta de correo no deseado.
