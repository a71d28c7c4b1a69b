site-name = Convoca
skip-to-content = Ir para o conteúdo
language-switcher = Idioma
footer-about = Convoca: festivais, conferências e fóruns de cidades de aprendizagem.
footer-api = API para desenvolvedores

error-not-found-title = Página não encontrada
error-not-found-body = Não há nada neste endereço. Talvez tenha sido digitado errado ou a página foi removida.
error-not-found-festival = Este festival não existe ou ainda não é público.
error-not-found-event = Esta atividade não existe ou ainda não é pública.
error-too-many-title = Tentativas demais
error-too-many-body = Houve tentativas demais a partir da sua conexão. Tente novamente daqui a um minuto.
error-server-title = Algo deu errado
error-server-body = Não conseguimos mostrar esta página. Tente novamente em alguns minutos.
error-unavailable-title = O serviço está ocupado
error-unavailable-body = O serviço não pode responder agora. Tente novamente em alguns minutos.
error-bad-request-title = Não conseguimos entender este pedido
error-bad-request-body = Volte e tente novamente.
error-go-home = Ir para a lista de festivais

# A span of days: "7 September 2026 – 13 September 2026".
date-range = { $start } – { $end }
error-form-title = Este formulário expirou
error-form-body = Para sua segurança, os formulários deixam de funcionar depois de algumas horas ou quando não vêm deste site. Volte, recarregue a página e envie novamente.
error-role-title = Não é para o seu papel
error-role-body = O seu papel nesta organização não permite esta página. Uma pessoa proprietária da organização pode mudar o seu papel.
# The name of a person's own calendar feed in their calendar app.
feed-person-name = Minhas atividades — Convoca
