home-title = Learning festivals
home-lede = Festivals, conferences and forums of learning cities: find an activity near you and book a place.
home-empty-title = No festival is published yet
home-empty-body = This Convoca has no public festival. To start:
home-empty-demo = see it with a demo festival and conference:
home-empty-organisation = or create your organisation, then your festival through the API:
home-empty-docs = Read the API documentation
