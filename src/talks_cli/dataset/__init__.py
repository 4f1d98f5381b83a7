"""A dataset, from its file to a typed, checked `Dataset`: the model, its fields read as data,
bounded reading, strict YAML, the rules, the cache and the search index."""
