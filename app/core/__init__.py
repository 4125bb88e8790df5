"""The domain of Backend Atlas, free of Qt: model, content, stores, graph, search, quiz, export."""
