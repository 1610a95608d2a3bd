#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

namespace tidemark {

/// How a backup's archive stream is compressed (`--compress none|zstd|zstd:LEVEL`,
/// `--compress-threads N`): shared by the CLI and GUI, the jobs, the snapshot protocol (the node
/// compresses a Tidemark node's stream) and the archive writer.
struct CompressionOptions {
    Q_DECLARE_TR_FUNCTIONS(CompressionOptions)

public:
    static constexpr int kDefaultLevel = 3; ///< zstd's own default, and what `--compress zstd` always meant.
    /// zstd's fast levels (`zstd --fast=N` is level -N): less compression for far less CPU;
    /// on TSM data -1 compresses as well as 1 at more than twice the speed.
    static constexpr int kMinLevel = -7;
    static constexpr int kMaxLevel = 19; ///< 20–22 ("ultra") need far more memory on both ends.
    static constexpr int kAutoThreads = -1;
    static constexpr int kMaxThreads = 64;

    bool zstd = false;
    int level = 0;              ///< 0: kDefaultLevel.
    int threads = kAutoThreads; ///< zstd worker threads: kAutoThreads (one per core), 0 (none: compress on the caller's
                                ///< thread), N.

    /// `none`, `zstd` or `zstd:LEVEL` (LEVEL -7 to -1, zstd's fast levels, or 1 to 19); a Usage
    /// error naming `--compress` otherwise.
    [[nodiscard]] static bool validLevel(int level) { return level != 0 && level >= kMinLevel && level <= kMaxLevel; }
    [[nodiscard]] static Result<CompressionOptions> parse(const QString &spec);
    /// What parse() reads back: `none`, `zstd`, `zstd:19`.
    [[nodiscard]] QString toString() const;

    [[nodiscard]] int effectiveLevel() const { return level == 0 ? kDefaultLevel : level; }
    /// The worker threads to use here: kAutoThreads becomes this machine's core count; at most
    /// kMaxThreads.
    [[nodiscard]] int effectiveThreads() const;
    /// One worker per core.
    [[nodiscard]] static int automaticThreads();
};

} // namespace tidemark
