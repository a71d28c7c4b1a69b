# La consola de organización (templates/pages/console/).
console-nav = Su cuenta
console-sign-out = Salir
console-role-owner = propietario
console-role-editor = edición
console-role-door = equipo de acogida
console-error-summary = Hay un problema

console-sign-in-title = Entrar a la consola
console-sign-in-explain = Las personas que organizan y los equipos de acogida entran con un enlace que les llega por correo: no hay contraseña que recordar.
console-sign-in-email = Correo electrónico
console-sign-in-email-hint = La dirección con la que su organización le añadió.
console-sign-in-email-invalid = Escriba una dirección de correo, como nombre@ejemplo.org
console-sign-in-send = Enviarme un enlace para entrar
console-sign-in-sent-title = Revise su correo
console-sign-in-sent = Si { $email } pertenece a una persona de alguna organización, le llega un enlace para entrar. Funciona una sola vez, durante 15 minutos.
console-sign-in-sent-none = ¿No llegó nada en unos minutos? Mire en la carpeta de spam, revise la dirección o pida a una persona propietaria de su organización que la añada.
console-sign-in-again = Pedir un enlace nuevo
console-sign-in-as = Va a entrar como { $email } a { $organisation }.
console-sign-in-button = Entrar
console-sign-in-dead-title = Este enlace ya no funciona
console-sign-in-dead = Los enlaces para entrar funcionan una sola vez, durante 15 minutos. Pida uno nuevo.
console-signed-out = Ha salido de la consola.

console-festivals = Festivales
console-no-festivals = Todavía no hay nada aquí para su rol.
console-festival-draft = borrador
console-festival-published = publicado
console-festival-cancelled = cancelado
console-public-page = Página pública
console-door = Acogida
console-back-home = Volver a los festivales

console-door-pick = Elija la actividad en la que recibe a las personas.
console-door-no-activities = Ninguna actividad de este festival requiere inscripción.
console-activity-cancelled = cancelada
console-door-counts = { $checked_in } de { $confirmed ->
    [one] 1 persona
   *[other] { $confirmed } personas
} han llegado
console-door-other-activity = Otra actividad
console-door-whole-list = La lista de la actividad
console-door-search = Nombre o código
console-door-search-hint = Dos letras de cualquier nombre, o el código de seis caracteres de la confirmación.
console-door-find = Buscar
console-door-too-short = Escriba al menos dos letras.
console-door-type = Escriba dos letras de un nombre, o el código, para encontrar a una persona.
console-door-nothing = Nadie confirmado en esta actividad coincide con «{ $q }».
console-door-more = Hay más coincidencias: escriba algunas letras más.
console-door-seats = { $seats ->
    [one] 1 persona
   *[other] { $seats } personas
}
console-access-needs = Necesidades de accesibilidad
console-door-check-in-named = Registrar la llegada de { $name }
console-door-undo-named = Deshacer la llegada de { $name }
console-door-arrived = Llegó a las { $time }
console-door-done-in = { $name } ha llegado.
console-door-done-undo = Se deshizo la llegada de { $name }.
console-door-not-confirmed-waitlisted = En lista de espera: no tiene plaza confirmada en esta actividad.
console-door-not-confirmed-cancelled = Esta inscripción fue cancelada.

console-notifications = Correos
console-activities = Actividades
console-activity = Actividad
console-when = Cuándo
console-where = Dónde
console-seats = Plazas
console-waiting = En espera
console-open-entry = entrada libre
console-no-activities = Este festival todavía no tiene actividades.
console-step-publish = Publicar
console-step-cancel = Cancelar el festival
console-step-delete = Eliminar el borrador
console-step-publish-explain = Una vez publicado, el festival, su programa y su calendario son públicos, y la gente puede inscribirse.
console-step-cancel-explain = { $people ->
    [0] No hay nadie inscrito. El festival seguirá apareciendo como cancelado.
    [one] La persona inscrita recibirá un correo. El festival seguirá apareciendo como cancelado. No se puede deshacer.
   *[other] Las { $people } personas inscritas recibirán un correo. El festival seguirá apareciendo como cancelado. No se puede deshacer.
}
console-step-delete-explain = El borrador y sus actividades se eliminan para siempre.
console-step-publish-confirm = Publicar el festival
console-step-cancel-confirm = Cancelar el festival y avisar a todos
console-step-delete-confirm = Eliminar el borrador para siempre
console-step-keep = Volver sin cambiar nada
console-step-refused = Esto todavía no se puede hacer:

console-registrations = Inscripciones
console-registrations-seats = { $taken } de { $capacity } plazas ocupadas
console-registrations-seats-unlimited = { $taken } plazas ocupadas
console-registrations-waiting = { $count ->
    [0] nadie en espera
    [one] 1 persona en espera
   *[other] { $count } personas en espera
}
console-registrations-done-cancelled = La inscripción está cancelada; la persona recibe un correo.
console-registrations-done-added-confirmed = La persona está inscrita y recibirá la confirmación por correo.
console-registrations-done-added-waitlisted = La actividad está llena: la persona está en la lista de espera y recibirá un correo.
console-registrations-search = Nombre o correo
console-registrations-status = Estado
console-registrations-all = Todas
console-status-confirmed = confirmada
console-status-waitlisted = en espera
console-status-cancelled = cancelada
console-filter = Filtrar
console-registrations-csv = Descargar en CSV
console-registrations-count = { $count ->
    [one] 1 inscripción
   *[other] { $count } inscripciones
}
console-registrations-first = (se muestran las primeras { $shown }; el CSV las tiene todas)
console-registrations-name = Nombre
console-registrations-actions = Acciones
console-position = puesto { $position }
console-checked-in = ya llegó
console-registrations-cancel-named = Cancelar la inscripción de { $name }
console-registrations-add = Inscribir a una persona
console-registrations-add-hint = Para quien llamó por teléfono o pasó en persona: recibirá los mismos correos que si se hubiera inscrito sola.
console-registrations-consent = La persona aceptó que se guarden sus datos para gestionar esta inscripción
console-registrations-add-button = Inscribir a la persona
console-registrations-cancel-title = Cancelar una inscripción
console-registrations-already-cancelled = La inscripción de { $name } ya está cancelada.
console-registrations-cancel-explain = { $name } recibirá un correo, y { $seats ->
    [one] su plaza pasa
   *[other] sus { $seats } plazas pasan
} a la lista de espera.
console-registrations-cancel-confirm = Cancelar la inscripción de { $name }

console-notifications-retried = El correo vuelve a la cola: se está enviando de nuevo.
console-notifications-filter = Correos por estado
console-email-pending = pendiente
console-email-sent = enviado
console-email-failed = fallido
console-email-skipped = omitido
console-notifications-count = { $count ->
    [one] 1 correo
   *[other] { $count } correos
}
console-notifications-when = Cuándo
console-notifications-kind = Correo
console-notifications-to = Para
console-notifications-attempts = { $count } intentos
console-notifications-retry-to = Enviar de nuevo a { $email }
console-notifications-older = Correos anteriores
console-kind-confirmed = confirmación
console-kind-waitlisted = lista de espera
console-kind-promoted = plaza desde la lista de espera
console-kind-reminder = recordatorio
console-kind-event_changed = cambio de hora o lugar
console-kind-event_cancelled = actividad cancelada
console-kind-registration_cancelled = inscripción cancelada
console-kind-calendar_link = enlace del calendario
console-kind-sign_in = enlace para entrar

console-save = Guardar
console-yes = sí
console-no = no
console-error-field = { $field }: { $problem }
console-error-number = Escriba un número, como 12
console-error-date = Escriba una fecha, como 2027-03-09
console-error-time = Escriba una hora, como 10:00
console-error-required = Escriba un valor
console-error-choose = Elija una de las opciones
console-error-no-such-time = Esa hora no existe ese día en la zona horaria del festival (cambio de hora)

console-venues = Lugares
console-venue-new = Añadir un lugar
console-venue-edit = Cambiar un lugar
console-venue-done-created = El lugar está añadido.
console-venue-done-saved = El lugar está guardado. Si cambió su dirección, se avisa a las personas inscritas en sus actividades.
console-no-venues = Todavía no hay lugares: añada los sitios donde ocurren las actividades.
console-festival-new = Nuevo festival
console-festival-edit = Cambiar los datos del festival
console-festival-done-saved = El festival está guardado.
console-festival-done-activity-created = La actividad está añadida.
console-festival-done-activity-saved = La actividad está guardada. Si cambió de hora o lugar, se avisa a las personas inscritas.
console-festival-done-publish = El festival está publicado.
console-festival-done-cancel = El festival está cancelado; se avisa a todas las personas inscritas.

console-activity-new = Añadir una actividad
console-activity-edit = Cambiar una actividad
console-activity-edit-named = Cambiar «{ $title }»
console-no-venue = Sin lugar (en línea, o por anunciar)
console-move-title = La actividad cambia de hora o lugar
console-move-tell = { $count ->
    [one] Se avisará a 1 persona
   *[other] Se avisará a { $count } personas
} por correo, con una invitación de calendario actualizada.
console-move-confirm = { $count ->
    [one] Guardar y avisar a 1 persona
   *[other] Guardar y avisar a { $count } personas
}
console-reminder-weeks = { $count ->
    [one] 1 semana antes
   *[other] { $count } semanas antes
}
console-reminder-days = { $count ->
    [one] 1 día antes
   *[other] { $count } días antes
}
console-reminder-hours = { $count ->
    [one] 1 hora antes
   *[other] { $count } horas antes
}
console-reminder-minutes = { $count } minutos antes

console-field-name = Nombre
console-field-address = Dirección
console-field-city = Ciudad
console-field-country = País
console-field-capacity = Plazas
console-field-accessibility = Accesibilidad
console-field-latitude = Latitud
console-field-longitude = Longitud
console-field-description = Descripción
console-field-slug = Dirección web
console-field-title = Título
console-field-kind = Tipo
console-field-timezone = Zona horaria
console-field-starts_on = Primer día
console-field-ends_on = Último día
console-field-reminder_offsets_minutes = Recordatorios por correo
console-field-website = Sitio web
console-field-starts_at = Empieza
console-field-ends_at = Termina
console-field-day = Día
console-field-time = Hora
console-field-end-day = Día, si no es el mismo
console-field-venue_id = Lugar
console-field-online_url = Enlace en línea
console-field-registration_required = Hay que inscribirse para venir (sin marcar: entrada libre)
console-field-audience = Para quién
console-field-themes = Temas
console-field-language = Idioma
console-field-host = Organiza
console-field-materials_note = Qué traer
console-field-email = Correo electrónico
console-field-role = Rol
console-field-festivals = Festivales en la entrada

console-hint-country = Dos letras, como EC para Ecuador
console-hint-capacity = Vacío si no hay límite (o el del lugar)
console-hint-latitude = Para el mapa, como -0.2186 (opcional)
console-hint-description = Se muestra en las páginas públicas
console-hint-slug = Minúsculas, cifras y guiones, como quito-aprende-2027: forma parte de cada enlace y no puede cambiar
console-hint-timezone = Como America/Guayaquil: cada hora del festival se lee en ella
console-hint-times = Hora del festival ({ $zone })
console-hint-ends_at = El día es el del inicio, salvo que indique otro
console-hint-venue_id = Añada lugares en la página Lugares
console-hint-online_url = Para una actividad en línea, como https://meet.example/taller
console-hint-audience = Separados por comas, como niñez, familias
console-hint-themes = Separados por comas, como ciencia, lectura
console-hint-language = Como es, en o qu
console-hint-materials_note = Como «Traiga su portátil»

console-festival-done-imported = El programa está importado: { $count } actividades en total.
console-import = Importar un programa
console-import-explain = Prepare las actividades en una hoja de cálculo, una por fila, y guárdela como CSV. Se revisan todas las filas primero: si alguna tiene un error, no se importa nada y se indica cada error con su línea.
console-import-template = Descargar la plantilla (CSV)
console-import-format = El formato
console-import-format-separator = Columnas separadas por comas, puntos y comas o tabulaciones; la primera línea nombra las columnas.
console-import-format-times = day como 2027-03-09, start y end como 10:00, en hora del festival ({ $zone }). Un final antes del inicio es a la mañana siguiente.
console-import-format-required = Obligatorias: { $columns }. Las demás columnas pueden faltar o estar vacías.
console-import-format-columns = Columnas:
console-import-format-kind = kind: workshop, talk, panel, exhibition, plenary, ceremony, forum o activity.
console-import-format-venue = venue: el nombre de uno de sus lugares, como en la página Lugares; vacío si es en línea o por anunciar. registration: yes o no, sí o no (vacío es sí).
console-import-format-lists = audience, themes, accessibility: varios separados por comas (accessibility: sign_language, captioning, easy_read, audio_description).
console-import-file = El archivo CSV
console-import-file-hint = O pegue su texto abajo.
console-import-paste = El texto CSV
console-import-button = Revisar e importar
console-import-refused = { $count ->
    [one] No se importó nada: 1 error por corregir
   *[other] No se importó nada: { $count } errores por corregir
}
console-import-line = Línea { $line }
console-import-empty = El archivo está vacío
console-import-columns = La primera línea debe nombrar las columnas.
console-import-columns-unknown = Desconocidas: { $columns }.
console-import-columns-missing = Faltan: { $columns }.
console-import-too-many = Como máximo { $count } filas en un archivo
console-import-kind = No es un tipo de actividad (workshop, talk, panel…)
console-import-venue = Ninguno de sus lugares tiene este nombre
console-import-yes-no = Escriba sí o no
console-import-access = Use sign_language, captioning, easy_read o audio_description

console-members = Miembros
console-you = usted
console-members-done-added = El miembro está añadido y recibe por correo cómo entrar.
console-members-done-removed = El miembro está retirado: su sesión se cierra en todas partes.
console-member-add = Añadir un miembro
console-member-add-hint = Entra con un enlace enviado a su dirección; se le avisa por correo.
console-member-add-button = Añadir el miembro
console-hint-role = Propietario: todo, miembros incluidos. Edición: festivales, lugares, actividades e inscripciones. Equipo de acogida: la entrada de los festivales marcados abajo.
console-member-remove-named = Retirar a { $email }
console-member-remove-title = Retirar a un miembro
console-member-remove-explain = { $email } ya no podrá entrar, y su sesión se cierra enseguida.
console-member-remove-confirm = Retirar a { $email }
console-tokens = Claves de la API
console-tokens-explain = Las claves permiten a los programas de su organización usar la API de Convoca. Trate cada una como una contraseña.
console-token-new = Crear una clave
console-hint-name = Un nombre para reconocerla, como «sitio web»
console-token-create = Crear la clave
console-token-created = Su nueva clave
console-token-once = Cópiela ahora: solo se muestra una vez, y solo se guarda su huella.
console-token-created-on = Creada
console-token-last-used = Último uso
console-token-never = nunca
console-token-revoked = La clave está revocada: desde ahora se rechazan las peticiones que la usen.
console-token-revoke-named = Revocar «{ $name }»
console-token-revoke-title = Revocar una clave
console-token-revoke-explain = Los programas que usan «{ $name }» serán rechazados desde ahora.
console-token-revoke-confirm = Revocar «{ $name }»
console-member-last-owner = Una organización conserva al menos una persona propietaria: dé primero ese rol a otra persona.

# The kinds of activity in the console's choice ("other" apart from "activity").
console-event-kind-workshop = Taller
console-event-kind-talk = Charla
console-event-kind-panel = Panel
console-event-kind-exhibition = Exposición
console-event-kind-plenary = Plenaria
console-event-kind-ceremony = Ceremonia
console-event-kind-forum = Foro
console-event-kind-activity = Actividad
console-event-kind-other = Otra
console-import-not-utf8 = El archivo no está en UTF-8: en la hoja de cálculo, guárdelo como «CSV UTF-8» y vuelva a intentarlo.

console-festival-done-activity-cancel = La actividad está cancelada; se avisa a todas las personas inscritas.
console-festival-done-activity-delete = La actividad está eliminada.
console-activity-cancel-named = Cancelar «{ $title }»
console-activity-delete-named = Eliminar «{ $title }»
console-activity-cancel-title = Cancelar «{ $title }»
console-activity-cancel-explain = { $people ->
    [0] No hay nadie inscrito. Sigue en el programa como cancelada.
    [one] La persona inscrita recibirá un correo. Sigue en el programa como cancelada. No se puede deshacer.
   *[other] Las { $people } personas inscritas recibirán un correo. Sigue en el programa como cancelada. No se puede deshacer.
}
console-activity-cancel-confirm = Cancelar la actividad
console-activity-delete-title = Eliminar «{ $title }»
console-activity-delete-explain = Se quita del programa para siempre. Solo se puede eliminar una actividad sin inscripciones de un festival aún no publicado; una publicada se cancela.
console-activity-delete-confirm = Eliminar la actividad
# Los ajustes de cada miembro (/console/account).
console-account = Su cuenta
console-account-save = Guardar
console-account-saved = Sus ajustes se han guardado.
console-field-weekly_report = Enviarme el informe semanal de nuestros festivales
console-hint-weekly_report = Cada lunes a las 08:00 (en la zona horaria de cada festival) mientras un festival se acerca o se celebra, y una vez cuando termina: sus cifras y lo que cambió.
