home-title = Festivales del aprendizaje
home-lede = Festivales, conferencias y foros de las ciudades del aprendizaje: encuentre una actividad cerca de usted y reserve su lugar.
home-empty-title = Todavía no hay festivales publicados
home-empty-body = Este Convoca no tiene ningún festival público. Para empezar:
home-empty-demo = véalo con un festival y una conferencia de demostración:
home-empty-organisation = o cree su organización y luego su festival mediante la API:
home-empty-docs = Leer la documentación de la API
