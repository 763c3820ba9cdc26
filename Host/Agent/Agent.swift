// Agent: binds the plugin host, the embedding index and the Core session.
