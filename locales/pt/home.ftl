home-title = Festivais de aprendizagem
home-lede = Festivais, conferências e fóruns das cidades de aprendizagem: encontre uma atividade perto de você e reserve sua vaga.
home-empty-title = Ainda não há festivais publicados
home-empty-body = Este Convoca não tem nenhum festival público. Para começar:
home-empty-demo = veja-o com um festival e uma conferência de demonstração:
home-empty-organisation = ou crie sua organização e depois seu festival pela API:
home-empty-docs = Ler a documentação da API
