#pragma once

#include "common/Error.h"

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace tidemark {

/// The checksum of snapshot files: XXH3-128 (libxxhash), written as 32 lower-case hex digits.
///
/// Why XXH3 and not SHA-256: measured on this project's machines, XXH3-128 hashes ~7.4 GB/s and
/// Qt's SHA-256 ~0.13 GB/s, which would cap backup throughput far below disk speed. The checksum
/// guards against corruption (disk, network, truncation), not against an attacker: one who can
/// rewrite an archive can rewrite its manifest too. Authenticity comes from the authenticated
/// connection to the node.
class Checksum {
public:
    static constexpr const char *kAlgorithm = "xxh3-128";

    Checksum();
    ~Checksum();
    Checksum(const Checksum &) = delete;
    Checksum &operator=(const Checksum &) = delete;

    void add(QByteArrayView bytes);
    /// The checksum of everything added so far (may be called more than once).
    [[nodiscard]] QString hex() const;

    /// The checksum of `bytes` in one call.
    [[nodiscard]] static QString of(QByteArrayView bytes);
    /// The checksum of a whole file, read in 1 MiB blocks; Io error naming the file.
    [[nodiscard]] static Result<QString> ofFile(const QString &path);
    /// True for 32 lower-case hex digits.
    [[nodiscard]] static bool isValidHex(const QString &text);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace tidemark
