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

console-notifications = E-mails
console-activities = Atividades
console-activity = Atividade
console-when = Quando
console-where = Onde
console-seats = Vagas
console-waiting = Em espera
console-open-entry = entrada livre
console-no-activities = Este festival ainda não tem atividades.
console-step-publish = Publicar
console-step-cancel = Cancelar o festival
console-step-delete = Excluir o rascunho
console-step-publish-explain = Depois de publicado, o festival, a sua programação e a sua agenda são públicos, e as pessoas podem se inscrever.
console-step-cancel-explain = { $people ->
    [0] Ninguém está inscrito. O festival continuará listado como cancelado.
    [one] A pessoa inscrita receberá um e-mail. O festival continuará listado como cancelado. Não é possível desfazer.
   *[other] As { $people } pessoas inscritas receberão um e-mail. O festival continuará listado como cancelado. Não é possível desfazer.
}
console-step-delete-explain = O rascunho e as suas atividades são excluídos para sempre.
console-step-publish-confirm = Publicar o festival
console-step-cancel-confirm = Cancelar o festival e avisar a todos
console-step-delete-confirm = Excluir o rascunho para sempre
console-step-keep = Voltar sem mudar nada
console-step-refused = Isto ainda não pode ser feito:

console-registrations = Inscrições
console-registrations-seats = { $taken } de { $capacity } vagas ocupadas
console-registrations-seats-unlimited = { $taken } vagas ocupadas
console-registrations-waiting = { $count ->
    [0] ninguém em espera
    [one] 1 pessoa em espera
   *[other] { $count } pessoas em espera
}
console-registrations-done-cancelled = A inscrição foi cancelada; a pessoa recebe um e-mail.
console-registrations-done-added-confirmed = A pessoa está inscrita e receberá a confirmação por e-mail.
console-registrations-done-added-waitlisted = A atividade está lotada: a pessoa está na lista de espera e receberá um e-mail.
console-registrations-search = Nome ou e-mail
console-registrations-status = Situação
console-registrations-all = Todas
console-status-confirmed = confirmada
console-status-waitlisted = em espera
console-status-cancelled = cancelada
console-filter = Filtrar
console-registrations-csv = Baixar em CSV
console-registrations-count = { $count ->
    [one] 1 inscrição
   *[other] { $count } inscrições
}
console-registrations-first = (são mostradas as primeiras { $shown }; o CSV tem todas)
console-registrations-name = Nome
console-registrations-actions = Ações
console-position = { $position }º na fila
console-checked-in = já chegou
console-registrations-cancel-named = Cancelar a inscrição de { $name }
console-registrations-add = Inscrever uma pessoa
console-registrations-add-hint = Para quem ligou ou passou pessoalmente: receberá os mesmos e-mails que se tivesse se inscrito sozinha.
console-registrations-consent = A pessoa concordou que os seus dados sejam guardados para gerir esta inscrição
console-registrations-add-button = Inscrever a pessoa
console-registrations-cancel-title = Cancelar uma inscrição
console-registrations-already-cancelled = A inscrição de { $name } já está cancelada.
console-registrations-cancel-explain = { $name } receberá um e-mail, e { $seats ->
    [one] a sua vaga passa
   *[other] as suas { $seats } vagas passam
} para a lista de espera.
console-registrations-cancel-confirm = Cancelar a inscrição de { $name }

console-notifications-retried = O e-mail voltou para a fila: está sendo enviado de novo.
console-notifications-filter = E-mails por situação
console-email-pending = pendente
console-email-sent = enviado
console-email-failed = com falha
console-email-skipped = ignorado
console-notifications-count = { $count ->
    [one] 1 e-mail
   *[other] { $count } e-mails
}
console-notifications-when = Quando
console-notifications-kind = E-mail
console-notifications-to = Para
console-notifications-attempts = { $count } tentativas
console-notifications-retry-to = Enviar de novo para { $email }
console-notifications-older = E-mails anteriores
console-kind-confirmed = confirmação
console-kind-waitlisted = lista de espera
console-kind-promoted = vaga da lista de espera
console-kind-reminder = lembrete
console-kind-event_changed = mudança de horário ou local
console-kind-event_cancelled = atividade cancelada
console-kind-registration_cancelled = inscrição cancelada
console-kind-calendar_link = link da agenda
console-kind-sign_in = link para entrar

console-save = Salvar
console-yes = sim
console-no = não
console-error-field = { $field }: { $problem }
console-error-number = Digite um número, como 12
console-error-date = Digite uma data, como 2027-03-09
console-error-time = Digite um horário, como 10:00
console-error-required = Digite um valor
console-error-choose = Escolha uma das opções
console-error-no-such-time = Esse horário não existe nesse dia no fuso horário do festival (mudança de horário)

console-venues = Locais
console-venue-new = Adicionar um local
console-venue-edit = Alterar um local
console-venue-done-created = O local foi adicionado.
console-venue-done-saved = O local foi salvo. Se o endereço mudou, as pessoas inscritas nas suas atividades são avisadas.
console-no-venues = Ainda não há locais: adicione os lugares onde as atividades acontecem.
console-festival-new = Novo festival
console-festival-edit = Alterar os dados do festival
console-festival-done-saved = O festival foi salvo.
console-festival-done-activity-created = A atividade foi adicionada.
console-festival-done-activity-saved = A atividade foi salva. Se mudou de horário ou local, as pessoas inscritas são avisadas.
console-festival-done-publish = O festival foi publicado.
console-festival-done-cancel = O festival foi cancelado; todas as pessoas inscritas são avisadas.

console-activity-new = Adicionar uma atividade
console-activity-edit = Alterar uma atividade
console-activity-edit-named = Alterar “{ $title }”
console-no-venue = Sem local (online, ou a anunciar)
console-move-title = A atividade muda de horário ou local
console-move-tell = { $count ->
    [one] 1 pessoa será avisada
   *[other] { $count } pessoas serão avisadas
} por e-mail, com um convite de agenda atualizado.
console-move-confirm = { $count ->
    [one] Salvar e avisar 1 pessoa
   *[other] Salvar e avisar { $count } pessoas
}
console-reminder-weeks = { $count ->
    [one] 1 semana antes
   *[other] { $count } semanas antes
}
console-reminder-days = { $count ->
    [one] 1 dia antes
   *[other] { $count } dias antes
}
console-reminder-hours = { $count ->
    [one] 1 hora antes
   *[other] { $count } horas antes
}
console-reminder-minutes = { $count } minutos antes

console-field-name = Nome
console-field-address = Endereço
console-field-city = Cidade
console-field-country = País
console-field-capacity = Vagas
console-field-accessibility = Acessibilidade
console-field-latitude = Latitude
console-field-longitude = Longitude
console-field-description = Descrição
console-field-slug = Endereço web
console-field-title = Título
console-field-kind = Tipo
console-field-timezone = Fuso horário
console-field-starts_on = Primeiro dia
console-field-ends_on = Último dia
console-field-reminder_offsets_minutes = Lembretes por e-mail
console-field-website = Site
console-field-starts_at = Começa
console-field-ends_at = Termina
console-field-day = Dia
console-field-time = Horário
console-field-end-day = Dia, se não for o mesmo
console-field-venue_id = Local
console-field-online_url = Link online
console-field-registration_required = É preciso se inscrever para vir (desmarcado: entrada livre)
console-field-audience = Para quem
console-field-themes = Temas
console-field-language = Idioma
console-field-host = Quem organiza
console-field-materials_note = O que trazer
console-field-email = E-mail
console-field-role = Papel
console-field-festivals = Festivais na recepção

console-hint-country = Duas letras, como BR para o Brasil
console-hint-capacity = Vazio se não há limite (ou o do local)
console-hint-latitude = Para o mapa, como -0.2186 (opcional)
console-hint-description = Aparece nas páginas públicas
console-hint-slug = Minúsculas, algarismos e hífens, como quito-aprende-2027: faz parte de cada link e não pode mudar
console-hint-timezone = Como America/Sao_Paulo: cada horário do festival é lido nele
console-hint-times = Horário do festival ({ $zone })
console-hint-ends_at = O dia é o do início, a menos que indique outro
console-hint-venue_id = Adicione locais na página Locais
console-hint-online_url = Para uma atividade online, como https://meet.example/oficina
console-hint-audience = Separados por vírgulas, como crianças, famílias
console-hint-themes = Separados por vírgulas, como ciência, leitura
console-hint-language = Como pt, es ou en
console-hint-materials_note = Como “Traga o seu notebook”

console-festival-done-imported = A programação foi importada: { $count } atividades no total.
console-import = Importar uma programação
console-import-explain = Prepare as atividades numa planilha, uma por linha, e salve-a como CSV. Todas as linhas são verificadas primeiro: se alguma tiver um erro, nada é importado e cada erro é indicado com a sua linha.
console-import-template = Baixar o modelo (CSV)
console-import-format = O formato
console-import-format-separator = Colunas separadas por vírgulas, pontos e vírgulas ou tabulações; a primeira linha nomeia as colunas.
console-import-format-times = day como 2027-03-09, start e end como 10:00, no horário do festival ({ $zone }). Um fim antes do início é na manhã seguinte.
console-import-format-required = Obrigatórias: { $columns }. As outras colunas podem faltar ou ficar vazias.
console-import-format-columns = Colunas:
console-import-format-kind = kind: workshop, talk, panel, exhibition, plenary, ceremony, forum ou activity.
console-import-format-venue = venue: o nome de um dos seus locais, como na página Locais; vazio se for online ou a anunciar. registration: yes ou no, sim ou não (vazio é sim).
console-import-format-lists = audience, themes, accessibility: vários separados por vírgulas (accessibility: sign_language, captioning, easy_read, audio_description).
console-import-file = O arquivo CSV
console-import-file-hint = Ou cole o texto abaixo.
console-import-paste = O texto CSV
console-import-button = Verificar e importar
console-import-refused = { $count ->
    [one] Nada foi importado: 1 erro para corrigir
   *[other] Nada foi importado: { $count } erros para corrigir
}
console-import-line = Linha { $line }
console-import-empty = O arquivo está vazio
console-import-columns = A primeira linha deve nomear as colunas.
console-import-columns-unknown = Desconhecidas: { $columns }.
console-import-columns-missing = Faltam: { $columns }.
console-import-too-many = No máximo { $count } linhas num arquivo
console-import-kind = Não é um tipo de atividade (workshop, talk, panel…)
console-import-venue = Nenhum dos seus locais tem este nome
console-import-yes-no = Escreva sim ou não
console-import-access = Use sign_language, captioning, easy_read ou audio_description

console-members = Membros
console-you = você
console-members-done-added = O membro foi adicionado e recebe por e-mail como entrar.
console-members-done-removed = O membro foi removido: a sessão dele é encerrada em todo lugar.
console-member-add = Adicionar um membro
console-member-add-hint = Entra com um link enviado ao seu endereço; é avisado por e-mail.
console-member-add-button = Adicionar o membro
console-hint-role = Proprietário: tudo, membros incluídos. Edição: festivais, locais, atividades e inscrições. Equipe de recepção: a entrada dos festivais marcados abaixo.
console-member-remove-named = Remover { $email }
console-member-remove-title = Remover um membro
console-member-remove-explain = { $email } não poderá mais entrar, e a sessão é encerrada na hora.
console-member-remove-confirm = Remover { $email }
console-tokens = Chaves da API
console-tokens-explain = As chaves permitem que os programas da sua organização usem a API do Convoca. Trate cada uma como uma senha.
console-token-new = Criar uma chave
console-hint-name = Um nome para reconhecê-la, como “site”
console-token-create = Criar a chave
console-token-created = A sua nova chave
console-token-once = Copie-a agora: ela só é mostrada uma vez, e só a sua impressão digital é guardada.
console-token-created-on = Criada
console-token-last-used = Último uso
console-token-never = nunca
console-token-revoked = A chave foi revogada: a partir de agora os pedidos com ela são recusados.
console-token-revoke-named = Revogar “{ $name }”
console-token-revoke-title = Revogar uma chave
console-token-revoke-explain = Os programas que usam “{ $name }” serão recusados a partir de agora.
console-token-revoke-confirm = Revogar “{ $name }”
console-member-last-owner = Uma organização mantém pelo menos uma pessoa proprietária: dê primeiro esse papel a outra pessoa.

# The kinds of activity in the console's choice ("other" apart from "activity").
console-event-kind-workshop = Oficina
console-event-kind-talk = Palestra
console-event-kind-panel = Painel
console-event-kind-exhibition = Exposição
console-event-kind-plenary = Plenária
console-event-kind-ceremony = Cerimônia
console-event-kind-forum = Fórum
console-event-kind-activity = Atividade
console-event-kind-other = Outra
console-import-not-utf8 = O arquivo não está em UTF-8: na planilha, salve-o como “CSV UTF-8” e tente de novo.

console-festival-done-activity-cancel = A atividade foi cancelada; todas as pessoas inscritas são avisadas.
console-festival-done-activity-delete = A atividade foi excluída.
console-activity-cancel-named = Cancelar “{ $title }”
console-activity-delete-named = Excluir “{ $title }”
console-activity-cancel-title = Cancelar “{ $title }”
console-activity-cancel-explain = { $people ->
    [0] Ninguém está inscrito. Continua na programação como cancelada.
    [one] A pessoa inscrita receberá um e-mail. Continua na programação como cancelada. Não é possível desfazer.
   *[other] As { $people } pessoas inscritas receberão um e-mail. Continua na programação como cancelada. Não é possível desfazer.
}
console-activity-cancel-confirm = Cancelar a atividade
console-activity-delete-title = Excluir “{ $title }”
console-activity-delete-explain = É retirada da programação para sempre. Só é possível excluir uma atividade sem inscrições de um festival ainda não publicado; uma publicada é cancelada.
console-activity-delete-confirm = Excluir a atividade
# As configurações de cada membro (/console/account).
console-account = Sua conta
console-account-save = Salvar
console-account-saved = Suas configurações foram salvas.
console-field-weekly_report = Enviar-me o relatório semanal dos nossos festivais
console-hint-weekly_report = Toda segunda-feira às 08:00 (no fuso horário de cada festival) enquanto um festival se aproxima ou acontece, e uma vez quando termina: seus números e o que mudou.
