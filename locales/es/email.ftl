# Emails (templates/email/). Every argument is text already written for the reader, except
# the numbers `seats`, `position` (0 when no longer waiting) and `count`.

# When an event happens: "martes, 9 de marzo de 2027, 10:00–12:00 (America/Guayaquil)".
time-span = { $day }, { $start }–{ $end } ({ $zone })
time-span-days = { $day }, { $start } – { $end_day }, { $end } ({ $zone })

email-greeting = Hola, { $name }:
email-sign-off = Saludos cordiales,
email-signature = El equipo de { $festival }
email-why = Recibe este correo porque se inscribió en un evento de { $festival }.
email-manage = Gestionar su inscripción

email-when = Cuándo
email-where = Dónde
email-online = En línea
email-host = A cargo de
email-accessibility = Accesibilidad
email-your-needs = Usted nos indicó
email-registration = Inscripción
email-seats = { $seats ->
    [one] para 1 persona
   *[other] para { $seats } personas
}
email-more-information = Más información
email-more-information-link = Más información sobre el evento
email-event-page = Página del evento
email-calendar-heading = Agregar todos sus eventos a su calendario:
email-calendar-subscription = Es un enlace de suscripción: su calendario se mantendrá al día con sus inscripciones.
email-calendar-google = Google Calendar: “Otros calendarios” → “+” → “Desde URL”, y pegue el enlace.
email-calendar-apple = Apple Calendar: “Archivo” → “Nueva suscripción a calendario”, y pegue el enlace.
email-calendar-outlook = Outlook: “Agregar calendario” → “Suscribirse desde la web”, y pegue el enlace.

email-invitation-attached = Adjuntamos una invitación de calendario (.ics): ábrala para agregar el evento a su calendario.
email-cancel-update-removes = Si había agregado el evento a su calendario, la actualización adjunta lo retira.

email-confirmed-subject = Inscripción confirmada: { $title }
email-confirmed-intro = Su inscripción en “{ $title }” está confirmada{ $seats ->
    [one] {""}
   *[other] {" "}para { $seats } personas
}. ¡Nos vemos pronto!
email-confirmed-cancel-hint = Si al final no puede asistir, cancele su inscripción con el enlace de abajo para que alguien de la lista de espera pueda ocupar su lugar.

email-waitlisted-subject = En lista de espera: { $title }
email-waitlisted-intro = Por ahora no hay lugares suficientes en “{ $title }”, así que su inscripción{ $seats ->
    [one] {""}
   *[other] {" "}para { $seats } personas
} quedó en la lista de espera{ $position ->
    [0] {""}
    [1] {", en el primer puesto"}
   *[other] {", "}en el puesto { $position }
}.
email-waitlisted-nothing-to-do = No tiene que hacer nada más: si se liberan lugares, su inscripción se confirmará automáticamente y le enviaremos un correo.
email-waitlisted-leave = Si ya no le interesa, puede salir de la lista de espera con el enlace de abajo.

email-promoted-subject = Buenas noticias: ya tiene lugar en { $title }
email-promoted-intro = ¡Buenas noticias! Hay lugar para usted en “{ $title }”: su inscripción{ $seats ->
    [one] {""}
   *[other] {" "}para { $seats } personas
} pasó de la lista de espera a confirmada.
email-promoted-cancel-hint = Si ya no puede asistir, cancele su inscripción con el enlace de abajo para que el lugar pase a la siguiente persona de la lista de espera.

email-starts-in-now = ahora
email-starts-in-tomorrow = mañana
email-starts-in-days = en { $count } días
email-starts-in-hours = { $count ->
    [one] en 1 hora
   *[other] en { $count } horas
}
email-starts-in-minutes = { $count ->
    [one] en 1 minuto
   *[other] en { $count } minutos
}
email-reminder-subject = Recordatorio: { $title } empieza { $starts_in }
email-reminder-intro = Le recordamos que “{ $title }” empieza { $starts_in }. Abajo encontrará la hora, el lugar y los detalles de accesibilidad.
email-reminder-cancel-hint = Si ya no puede asistir, cancele su inscripción con el enlace de abajo para que otra persona pueda ocupar su lugar.
email-reminders-off = Dejar de recibir recordatorios de esta actividad

email-changed-time-and-place = Cambio de horario y lugar
email-changed-time = Cambio de horario
email-changed-place = Cambio de lugar
email-changed-other = Cambios en el evento
email-changed-subject = { $what }: { $title }
email-changed-intro = La organización hizo cambios en “{ $title }”.
email-changed-when-heading = Fecha y hora
email-changed-place-heading = Lugar
email-changed-before-now = Antes: { $before } → Ahora: { $now }
email-online-only = en línea
email-changed-invitation = La invitación de calendario adjunta actualiza el evento en su calendario. Si ya no puede asistir, cancele su inscripción con el enlace de abajo para que otra persona pueda ocupar su lugar.
email-changed-updated = Estos son los datos actualizados:

email-event-cancelled-subject = Evento cancelado: { $title }
email-event-cancelled-intro = Lamentamos informarle que la organización canceló el evento “{ $title }”.
email-event-cancelled-nothing-to-do = Su inscripción también quedó cancelada y no tiene que hacer nada más.
email-event-cancelled-apology = Le pedimos disculpas por las molestias y esperamos contar con su presencia en otros eventos de { $festival }.

email-registration-cancelled-subject = Inscripción cancelada: { $title }
email-registration-cancelled-intro = Confirmamos que su inscripción en “{ $title }” quedó cancelada, como lo pidió. Gracias por avisarnos.
email-registration-cancelled-again = Si fue un error, puede inscribirse de nuevo mientras queden lugares, desde la página del evento:

email-calendar-link-subject = El enlace de su calendario de { $festival }
email-calendar-link-intro = Nos pidió el enlace de su calendario personal: reúne todos los eventos en los que tiene una inscripción confirmada, con sus horarios y lugares, y se actualiza solo cuando algo cambia.
email-calendar-link-ignore = Si usted no lo pidió, puede ignorar este correo: el enlace solo se envía a esta dirección.

# El enlace para entrar a la consola, a un miembro de la organización.
email-sign-in-subject = Entrar a { $organisation } en Convoca
email-sign-in-greeting = Hola:
email-sign-in-intro = Alguien, esperamos que usted, pidió entrar a la consola de { $organisation } como { $email }. Use este enlace para entrar:
email-sign-in-button = Entrar
email-sign-in-expiry = El enlace funciona una sola vez, durante { $minutes } minutos.
email-sign-in-ignore = Si usted no lo pidió, ignore este correo: nadie puede entrar sin este enlace.

# El código que una persona confirmada muestra en la entrada, con su imagen QR.
email-door-code = Su código para la entrada
email-door-hint = Muestre este código o el código QR al llegar.
email-door-qr-alt = Código QR de su inscripción, código { $code }

# A alguien que una persona propietaria añadió a la organización.
email-invited-subject = Ya puede entrar a { $organisation } en Convoca
email-invited-intro = { $by } le añadió a { $organisation } en Convoca, con el rol { $role }.
email-invited-how = Para entrar, abra la consola y escriba { $email }: recibirá en esta dirección un enlace para entrar. No hay contraseña.
email-invited-button = Abrir la consola
# El informe semanal de las cifras de un festival, para quienes lo administran.
email-report-subject = { $festival }: la semana del { $week }
email-report-subject-final = { $festival }: las cifras finales
email-report-intro = Estas son las cifras de { $festival } de la semana del { $week }.
email-report-intro-final = { $festival } ha terminado. Estas son sus cifras finales.
email-report-figures = Las cifras
email-report-changes = Desde el último informe
email-report-changes-first = Hasta ahora
email-report-new-registrations = { $count ->
    [one] 1 inscripción nueva
   *[other] { $count } inscripciones nuevas
}
email-report-failed = { $count ->
    [0] Ningún correo falló
    [one] 1 correo falló
   *[other] { $count } correos fallaron
}
email-report-see-failed = Verlos
email-report-filled = { $count ->
    [0] Ninguna actividad se llenó.
    [one] 1 actividad se llenó:
   *[other] { $count } actividades se llenaron:
}
email-report-grown = { $count ->
    [0] Ninguna lista de espera creció.
    [one] 1 lista de espera creció:
   *[other] { $count } listas de espera crecieron:
}
email-report-grown-by = de { $before } a { $now } en espera
email-report-more = y { $count } más
email-report-all-figures = Ver todas las cifras
email-report-why = Recibe este informe como miembro de { $organisation }.
email-report-turn-off = Desactivarlo
