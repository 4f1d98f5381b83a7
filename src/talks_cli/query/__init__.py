"""Questions asked of a checked dataset: lookups and names (`catalog`), filters, search,
comparisons, outcomes, figures and the timeline. They return data, never words for a screen."""
