// Fuzzes NodeConfig::parse, the parser of tidemarkd's TOML config (core/config/NodeConfig.h),
// toml++ included (the fuzz build compiles it from its headers, instrumented).
//
// The input is the config text. Besides the sanitizers, one property is checked (abort() on
// failure): a config that parses, written out again by defaultText() with its directories and
// addresses, parses back to the same values ("the result parses back to the same values").

#include "TomlKnownBug.h"
#include "config/NodeConfig.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

using namespace tidemark;

namespace {

void check(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_config: property violated: %s %s\n", what, qPrintable(detail));
        std::abort();
    }
}

} // namespace

// `auth-token-file` reads whatever path the input names: make /dev/stdin (and /proc/self/fd/0)
// an empty file rather than a read that waits for a terminal.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    const int devNull = open("/dev/null", O_RDONLY);
    if (devNull >= 0 && devNull != STDIN_FILENO) {
        dup2(devNull, STDIN_FILENO);
        close(devNull);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (mayHitTomlUnreachable(data, size))
        return 0;
    const QByteArray text(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto parsed = NodeConfig::parse(text, QStringLiteral("fuzz.conf"));
    if (!parsed) {
        check(parsed.error().code == ErrorCode::Config, "errors are config errors", parsed.error().message);
        check(!parsed.error().message.isEmpty(), "a refused config has a message");
        return 0;
    }
    const NodeConfig &config = parsed.value();
    check(!config.brokerDir.isEmpty() && !config.dataDir.isEmpty(), "a valid config names its directories");
    (void)config.httpBind.isLoopback();

    // defaultText() writes no token, so only a loopback snapshot address can parse back.
    if (!config.snapshotBind.isLoopback())
        return 0;
    const QString written =
        NodeConfig::defaultText(config.brokerDir, config.dataDir, config.httpBind, config.snapshotBind);
    auto again = NodeConfig::parse(written.toUtf8(), QStringLiteral("written.conf"));
    check(again.ok(),
          "defaultText() parses back:", again.ok() ? QString() : again.error().message + QLatin1Char('\n') + written);
    check(again->brokerDir == config.brokerDir, "defaultText() keeps [broker] dir", again->brokerDir);
    check(again->dataDir == config.dataDir, "defaultText() keeps [data] dir", again->dataDir);
    check(again->httpBind == config.httpBind, "defaultText() keeps [http] bind-address", again->httpBind.toString());
    check(again->snapshotBind == config.snapshotBind, "defaultText() keeps [snapshot] bind-address",
          again->snapshotBind.toString());
    return 0;
}
