# A página de uma atividade (/festivals/{slug}/events/{id}), o formulário de inscrição e a
# página depois da inscrição (/r/{token}/welcome).
activity-back = Todas as atividades de { $festival }
activity-kind = Tipo de atividade
activity-when = Quando
activity-where = Onde
activity-places = Vagas
activity-timezone = Horário local de { $city } ({ $timezone })
activity-host = Com
activity-audience = Para
activity-themes = Temas
activity-language = Idioma
activity-access-support = Recursos de acessibilidade
activity-access-none = Nenhum anunciado. Pergunte à organização se você precisar de algum.
activity-about = Sobre esta atividade
activity-materials = O que levar
activity-venue = O local
activity-venue-map = Ver { $venue } no OpenStreetMap
activity-venue-features = Acessibilidade do local
activity-venue-no-features = A organização não informou nenhum recurso de acessibilidade deste local. Se você precisar de algum, pergunte antes de ir.
activity-register-link = Ir para o formulário de inscrição
activity-register-title = Inscrever-se
activity-closed-cancelled = Esta atividade foi cancelada, por isso as inscrições estão encerradas.
activity-closed-festival_cancelled = O festival foi cancelado, por isso as inscrições estão encerradas.
activity-closed-started = As inscrições estão encerradas: esta atividade já começou ou terminou.
activity-closed-open_entry = Não é preciso se inscrever: a entrada é livre, é só chegar.
activity-waitlist-notice-title = Esta atividade está lotada
activity-waitlist-notice = { $count ->
    [0] Se você enviar este formulário, será a primeira pessoa na lista de espera.
    [one] Se você enviar este formulário, entrará na lista de espera (há 1 pessoa esperando).
   *[other] Se você enviar este formulário, entrará na lista de espera (há { $count } pessoas esperando).
} Avisaremos você por e-mail se uma vaga for liberada.
activity-calendar = Adicionar à sua agenda
activity-calendar-ics = Baixar para a sua agenda (.ics)
activity-calendar-google = Adicionar ao Google Agenda
activity-calendar-webcal = Assinar toda a programação de { $festival }

form-name = Seu nome
form-email = E-mail
form-email-hint = Enviaremos a confirmação e um lembrete para este endereço.
form-seats = Número de vagas
form-seats-hint = Para você e quem for com você: de 1 a 10.
form-locale = Idioma dos e-mails
form-locale-hint = A confirmação, o lembrete e qualquer mudança chegarão neste idioma.
form-access_needs = Necessidades de acessibilidade (opcional)
form-access_needs-hint = Conte à organização o que ajudaria você a participar, por exemplo “uso cadeira de rodas” ou “preciso de intérprete de língua de sinais”.
form-consent = Concordo que meus dados sejam guardados e usados como descrito acima
form-privacy-title = Como usamos seus dados
form-privacy-what = O que guardamos: seu nome, seu e-mail, o número de vagas, o idioma dos seus e-mails e as necessidades de acessibilidade que você nos contar.
form-privacy-why = Para quê: para reservar sua vaga, para escrever a você sobre esta atividade (uma confirmação, um lembrete antes do início e um aviso se ela mudar ou for cancelada) e para que { $organiser } possa receber você bem.
form-privacy-how-long = Por quanto tempo: até { $days } dias depois do fim do festival; depois seus dados são anonimizados. Você pode cancelar sua inscrição a qualquer momento com o link do seu e-mail.
form-honeypot = Deixe este campo vazio
form-submit-register = Inscrever-me
form-submit-waitlist = Entrar na lista de espera
form-error-title = Há um problema
form-error-prefix = Erro:
activity-error-title-prefix = Erro:

activity-error-name-missing = Escreva seu nome
activity-error-name-too_long = Seu nome deve ter no máximo 200 caracteres
activity-error-name-control_characters = Escreva seu nome em uma só linha, sem caracteres especiais
activity-error-email-missing = Escreva seu e-mail
activity-error-email-not_an_email = Escreva um e-mail no formato correto, como nome@exemplo.com
activity-error-email-already_registered = Este e-mail já está inscrito nesta atividade. Seu e-mail de confirmação tem o link para a sua inscrição.
activity-error-email-daily_limit = Este e-mail fez inscrições demais neste festival hoje. Tente novamente amanhã.
activity-error-seats-out_of_range = O número de vagas deve estar entre 1 e 10
activity-error-seats-not_a_number = Escreva o número de vagas em algarismos, como 2
activity-error-locale-unknown_language = Escolha um dos idiomas oferecidos para os seus e-mails
activity-error-access_needs-too_long = As necessidades de acessibilidade devem ter no máximo 1000 caracteres
activity-error-access_needs-control_characters = As necessidades de acessibilidade podem ter quebras de linha, mas não caracteres especiais
activity-error-consent-no_consent = Marque a caixa para concordar com o uso dos seus dados; sem isso não podemos inscrever você
activity-error-other = Confira sua resposta em “{ $field }”
activity-error-closed-cancelled = Esta atividade foi cancelada enquanto você preenchia o formulário, por isso ninguém mais pode se inscrever.
activity-error-closed-started = As inscrições foram encerradas enquanto você preenchia o formulário: a atividade já começou.
activity-error-closed-open_entry = Esta atividade não aceita mais inscrições: a entrada é livre, é só chegar.
activity-error-closed-draft = O festival ainda não foi publicado: é possível inscrever pessoas quando estiver.

welcome-title-confirmed = Você está inscrito
welcome-title-waitlisted = Você está na lista de espera
welcome-title-cancelled = Esta inscrição foi cancelada
welcome-position = Sua posição na lista de espera: número { $position }
welcome-seats = { $seats ->
    [one] 1 vaga
   *[other] { $seats } vagas
}
welcome-activity-link = Ver a atividade
welcome-cancelled-body = Estas vagas ficaram livres para outras pessoas. Se no fim você puder ir, inscreva-se de novo na página da atividade, se ainda houver vagas.
welcome-next = O que acontece agora
welcome-next-email-confirmed = Enviamos uma confirmação para { $email }.
welcome-next-email-waitlisted = Enviamos um e-mail para { $email } dizendo que você está na lista de espera.
welcome-next-promoted = Quando uma vaga é liberada, a lista avança em ordem; avisaremos você por e-mail assim que tiver uma vaga.
welcome-next-reminder = Enviaremos um lembrete antes do início da atividade.
welcome-next-changes = Se algo mudar (o horário ou o local) ou a atividade for cancelada, avisaremos você por e-mail.
welcome-manage-title = Sua inscrição
welcome-manage = Ver ou cancelar sua inscrição
welcome-manage-hint = O link também está no seu e-mail. Não o compartilhe: quem o tiver pode cancelar sua inscrição.
welcome-received-title = Obrigado
welcome-received-body = Recebemos seu formulário. Se seus dados estavam corretos, você receberá um e-mail em breve.
error-not-found-registration = Este link de inscrição não funciona. O link para a sua inscrição está no e-mail de confirmação que enviamos quando você se inscreveu: procure-o na caixa de entrada e na pasta de spam.
