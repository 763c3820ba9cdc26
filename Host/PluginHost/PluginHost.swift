// PluginHost: dlopen, ABI check, registry snapshots, generations, tool invocation.
