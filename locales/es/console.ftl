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
