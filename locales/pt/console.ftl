# O console da organização (templates/pages/console/).
console-nav = Sua conta
console-sign-out = Sair
console-role-owner = proprietário
console-role-editor = edição
console-role-door = equipe de recepção
console-error-summary = Há um problema

console-sign-in-title = Entrar no console
console-sign-in-explain = Quem organiza e as equipes de recepção entram com um link enviado ao seu e-mail: não há senha para lembrar.
console-sign-in-email = E-mail
console-sign-in-email-hint = O endereço com que a sua organização adicionou você.
console-sign-in-email-invalid = Digite um endereço de e-mail, como nome@exemplo.org
console-sign-in-send = Enviar-me um link para entrar
console-sign-in-sent-title = Veja o seu e-mail
console-sign-in-sent = Se { $email } pertence a uma pessoa de alguma organização, um link para entrar está a caminho. Ele funciona uma única vez, por 15 minutos.
console-sign-in-sent-none = Nada chegou em alguns minutos? Veja a pasta de spam, confira o endereço ou peça a uma pessoa proprietária da sua organização que o adicione.
console-sign-in-again = Pedir um link novo
console-sign-in-as = Você vai entrar como { $email } em { $organisation }.
console-sign-in-button = Entrar
console-sign-in-dead-title = Este link não funciona mais
console-sign-in-dead = Os links para entrar funcionam uma única vez, por 15 minutos. Peça um novo.
console-signed-out = Você saiu do console.

console-festivals = Festivais
console-no-festivals = Ainda não há nada aqui para o seu papel.
console-festival-draft = rascunho
console-festival-published = publicado
console-festival-cancelled = cancelado
console-public-page = Página pública
console-door = Recepção
console-back-home = Voltar aos festivais

console-door-pick = Escolha a atividade em que você recebe as pessoas.
console-door-no-activities = Nenhuma atividade deste festival exige inscrição.
console-activity-cancelled = cancelada
console-door-counts = { $checked_in } de { $confirmed ->
    [one] 1 pessoa
   *[other] { $confirmed } pessoas
} chegaram
console-door-other-activity = Outra atividade
console-door-whole-list = A lista da atividade
console-door-search = Nome ou código
console-door-search-hint = Duas letras de qualquer nome, ou o código de seis caracteres da confirmação.
console-door-find = Buscar
console-door-too-short = Digite pelo menos duas letras.
console-door-type = Digite duas letras de um nome, ou o código, para encontrar uma pessoa.
console-door-nothing = Ninguém confirmado nesta atividade corresponde a “{ $q }”.
console-door-more = Há mais correspondências: digite mais algumas letras.
console-door-seats = { $seats ->
    [one] 1 pessoa
   *[other] { $seats } pessoas
}
console-access-needs = Necessidades de acessibilidade
console-door-check-in-named = Registrar a chegada de { $name }
console-door-undo-named = Desfazer a chegada de { $name }
console-door-arrived = Chegou às { $time }
console-door-done-in = { $name } chegou.
console-door-done-undo = A chegada de { $name } foi desfeita.
console-door-not-confirmed-waitlisted = Na lista de espera: sem vaga confirmada nesta atividade.
console-door-not-confirmed-cancelled = Esta inscrição foi cancelada.
