// Fuzzes InfluxConfig::load, the reader of an InfluxDB 1.x node's influxdb.conf
// (core/influx1/InfluxConfig.h), toml++ included. The API reads a file, so each input is written
// to a scratch file first (one per process, in /dev/shm when possible, removed at exit).

#include "TomlKnownBug.h"
#include "influx1/InfluxConfig.h"

#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace tidemark;

namespace {

std::string g_path;

void removeScratch()
{
    std::remove(g_path.c_str());
}

void check(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_influxconfig: property violated: %s %s\n", what, qPrintable(detail));
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // In memory when possible: on ext4, rewriting a truncated file flushes it at every close.
    const char *tmp = std::getenv("TMPDIR");
    const std::string dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : tmp && *tmp ? tmp : "/tmp";
    g_path = dir + "/fuzz_influxconfig." + std::to_string(getpid()) + ".conf";
    std::atexit(removeScratch);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (mayHitTomlUnreachable(data, size))
        return 0;
    std::FILE *file = std::fopen(g_path.c_str(), "wb");
    if (!file)
        std::abort();
    if (size > 0 && std::fwrite(data, 1, size, file) != size)
        std::abort();
    std::fclose(file);

    const QString path = QString::fromStdString(g_path);
    auto config = InfluxConfig::load(path);
    if (!config) {
        check(config.error().code == ErrorCode::Config, "errors are config errors", config.error().message);
        return 0;
    }
    check(!config->metaDir.isEmpty() && !config->dataDir.isEmpty() && !config->walDir.isEmpty(),
          "a valid config names its directories");
    check(InfluxConfig::looksLikeInfluxConfig(path), "a valid config looks like one");
    return 0;
}
