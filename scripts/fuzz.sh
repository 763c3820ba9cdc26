#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (swiftc -sanitize=fuzzer,address): each target is built
# from the host's own sources and run for SECONDS from the seed corpus in Fuzz/corpus/<target>.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET…]        (make fuzz FUZZ_SECONDS=600)
#
# Targets: twilio (media-stream frames and the session), retell (the text protocol), sse (an
# OpenAI stream into the assembler), wav, entities (spoken entities and caller signals), elf (the
# check before dlopen), json (parameters schemas, arguments against them, JSON results), worker
# (what an isolated plugin's worker sends its host), config (smartdesk.toml through TOMLKit's C++
# parser into the host's settings, and the environment on top).
# A crash stops the run with libFuzzer's report and the input under .build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=${*:-twilio retell sse wav entities elf json worker config}
out=.build-fuzz
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6)
mkdir -p "$out/sdk" "$out/core" "$out/crashes"

core_sources() { find Host/Core -name '*.swift' | sort; }

# The SDK header as a Clang module, for the sources that import SmartDeskSDK.
cat > "$out/sdk/module.modulemap" <<MAP
module SmartDeskSDK {
    header "$PWD/SDK/include/smartdesk.h"
    export *
}
MAP

quiet() { grep -v -e "ld.gold: warning: Cannot export local symbol" -e "^$" || true; }

build_core() {
    if [[ -f "$out/core/libCore.a" && -z "$(find Host/Core -name '*.swift' -newer "$out/core/libCore.a")" ]]; then return; fi
    echo "fuzz: building Core (instrumented)"
    swiftc "${flags[@]}" -module-name Core -emit-module -emit-module-path "$out/core/Core.swiftmodule" \
        -emit-library -static -o "$out/core/libCore.a" $(core_sources) 2>&1 | quiet
}

# TOMLKit (toml++ behind a C interface) instrumented, and PluginHost's one type the loader reads,
# for the config target. TOMLKit's sources are the package's resolved checkout.
build_config_deps() {
    local toml=.build/checkouts/TOMLKit/Sources
    [[ -d $toml ]] || swift package resolve >/dev/null
    if [[ ! -f "$out/toml/libTOMLKit.a" ]]; then
        echo "fuzz: building TOMLKit (instrumented)"
        mkdir -p "$out/toml"
        local cpp objects=()
        for cpp in "$toml"/CTOML/Sources/*.cpp; do
            local object="$out/toml/$(basename "$cpp" .cpp | tr -c 'A-Za-z0-9\n' _).o"
            clang++ -std=c++17 -O1 -g -w -fsanitize=fuzzer-no-link,address -DTOML_EXCEPTIONS=1 \
                -I "$toml/CTOML/include" -c "$cpp" -o "$object"
            objects+=("$object")
        done
        ar rcs "$out/toml/libCTOML.a" "${objects[@]}"
        local swift_sources=()
        mapfile -d '' swift_sources < <(find "$toml/TOMLKit" -name '*.swift' -print0 | sort -z)
        swiftc -sanitize=fuzzer,address -parse-as-library -O -g -swift-version 5 -suppress-warnings -module-name TOMLKit \
            -I "$toml/CTOML/include/CTOML" -emit-module -emit-module-path "$out/toml/TOMLKit.swiftmodule" \
            -emit-library -static -o "$out/toml/libTOMLKit.a" "${swift_sources[@]}" 2>&1 | quiet
    fi
    local isolation=Host/PluginHost/Configuration/PluginIsolation.swift
    if [[ ! -f "$out/pluginhost/libPluginHost.a" || $isolation -nt "$out/pluginhost/libPluginHost.a" ]]; then
        mkdir -p "$out/pluginhost"
        swiftc "${flags[@]}" -module-name PluginHost -emit-module -emit-module-path "$out/pluginhost/PluginHost.swiftmodule" \
            -emit-library -static -o "$out/pluginhost/libPluginHost.a" "$isolation" 2>&1 | quiet
    fi
}

build() {
    local target=$1
    local sources=("Fuzz/targets/$target.swift")
    local extra=()
    case $target in
        twilio) sources+=(Host/Server/Twilio/TwilioStreamMessage.swift Host/Server/Twilio/TwilioStreamSession.swift); extra=(-I "$out/core" -L "$out/core" -lCore) ;;
        retell) sources+=(Host/Server/TextProtocol/RetellMessage.swift Host/Server/Twilio/TwilioStreamMessage.swift); extra=(-I "$out/core" -L "$out/core" -lCore) ;;
        sse) sources+=(Host/LLM/ServerSentEvents.swift Host/LLM/ChatStreamAssembler.swift Host/LLM/LLMError.swift Host/LLM/ChatRequest.swift) ;;
        wav) sources+=(Host/Speech/Audio/WAVFile.swift Host/Speech/Audio/G711.swift Host/Speech/Audio/AudioTime.swift) ;;
        entities) sources+=($(core_sources)) ;;
        elf) sources+=(Host/PluginHost/Loading/ELFCheck.swift) ;;
        json) sources+=(Host/PluginHost/Tools/JSONChecks*.swift Host/PluginHost/Tools/ToolError.swift Host/PluginHost/HostAPI/CStringReader.swift Host/PluginHost/HostAPI/Refusal.swift Host/PluginHost/HostAPI/Limits.swift)
              extra=(-I "$out/core" -L "$out/core" -lCore -I "$out/sdk") ;;
        worker) sources+=(Host/PluginHost/Isolation/WorkerCodec.swift Host/PluginHost/Isolation/WorkerMessages.swift
                          Host/PluginHost/Turns/TurnOutcome.swift Host/PluginHost/Turns/TurnInput.swift
                          Host/PluginHost/Registry/RegisteredIntent.swift Host/PluginHost/Registry/RegisteredTool.swift
                          Host/PluginHost/Loading/PluginDescriptor.swift)
                extra=(-I "$out/core" -L "$out/core" -lCore) ;;
        config) build_config_deps
                sources+=(Host/SmartDeskCLI/Support/ConfigFile.swift Host/SmartDeskCLI/Support/BusinessProfile.swift
                          Host/SmartDeskCLI/Support/AnalyticsSettings.swift Host/SmartDeskCLI/Support/CLIError.swift
                          Host/SmartDeskCLI/Support/TOMLPrecheck.swift)
                extra=(-I "$out/core" -L "$out/core" -lCore -I "$out/pluginhost" -L "$out/pluginhost" -lPluginHost
                       -I "$out/toml" -Xcc -I"$PWD/.build/checkouts/TOMLKit/Sources/CTOML/include/CTOML"
                       -L "$out/toml" -lTOMLKit -lCTOML -lstdc++) ;;
        *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
    esac
    local module=Fuzz_$target
    [[ $target == entities ]] && module=Core
    swiftc "${flags[@]}" -module-name "$module" "${extra[@]}" "${sources[@]}" -o "$out/$target" 2>&1 | quiet
}

build_core
printf '%-10s %12s %10s %8s\n' target inputs "inputs/s" corpus
for target in $targets; do
    build "$target"
    mkdir -p "$out/corpus/$target"
    cp -n Fuzz/corpus/"$target"/* "$out/corpus/$target/" 2>/dev/null || true
    log="$out/$target.log"
    options=()
    # TOMLKit's TOMLTable.keys mallocs the key array and every key and never frees them (a few
    # bytes per key per file read; docs/reliability.md): leaks are not this target's finding.
    # What leaks adds up over millions of inputs (~330 MB a million), so its memory cap is raised.
    leaks=1
    [[ $target == config ]] && options=(-detect_leaks=0 -rss_limit_mb=16384) && leaks=0
    if ! ASAN_OPTIONS="detect_leaks=$leaks" "$out/$target" "${options[@]}" -max_total_time="$seconds" -print_final_stats=1 -max_len=8192 -timeout=10 \
        -artifact_prefix="$out/crashes/$target-" "$out/corpus/$target" > "$log" 2>&1; then
        echo "fuzz: $target FAILED; libFuzzer's report:" >&2
        tail -60 "$log" >&2
        exit 1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}')
    rate=$(( runs / (seconds > 0 ? seconds : 1) ))
    printf '%-10s %12s %10s %8s\n' "$target" "$runs" "$rate" "$(ls "$out/corpus/$target" | wc -l)"
done
