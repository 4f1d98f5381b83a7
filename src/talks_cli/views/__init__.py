"""Query results described as listings and details: the columns people read, the objects scripts
read, the citations and the charts' marks."""
