#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

namespace tidemark {

/// The bytes of a reference link's entry (ManifestFile::refs, archive format 4): a file written
/// as byte ranges of the chain's previous version of it (*references*) and the bytes that version
/// does not hold (*literals*), in the order of the new file. Used for InfluxDB shards, whose
/// compactions move TSM blocks to new offsets (a block link, which keeps offsets, finds them
/// changed), so a reference can point anywhere in the version before.
///
/// Layout, all integers little-endian:
/// @code
///   header   "TDMKREF1" | u64 fileSize | u64 baseSize            (24 bytes)
///   literal  u64 1 | u64 length | length bytes                    (length 1 .. kMaxLiteral)
///   copy     u64 2 | u64 length | u64 baseOffset                  (length ≥ 1, inside the base)
///   end      u64 0xFFFFFFFFFFFFFFFF | u64 fileSize                (16 bytes)
/// @endcode
/// The records' lengths add up to fileSize. The rebuilt file is their bytes one after the other;
/// only its checksum (RefLink::fileChecksum) proves it right, so whoever rebuilds checks that.
namespace refpatch {

inline constexpr char kMagic[9] = "TDMKREF1";
inline constexpr qsizetype kHeaderBytes = 24;
inline constexpr qsizetype kRecordHeaderBytes = 16;
inline constexpr qsizetype kCopyBytes = 24;
inline constexpr quint64 kLiteral = 1;
inline constexpr quint64 kCopy = 2;
/// The most one literal record holds (bounds the encoder's buffer).
inline constexpr qsizetype kMaxLiteral = 1 << 20;

} // namespace refpatch

/// Writes a reference link's bytes to a sink as the new file's ranges are offered in order:
/// literal bytes (buffered into records of at most kMaxLiteral) and copies of base ranges
/// (a copy continuing the one before in the base becomes one record). Memory: one literal record.
class RefPatchEncoder {
public:
    /// Receives the bytes; false aborts (every later call then returns false).
    using Sink = std::function<bool(const char *data, qsizetype size)>;

    RefPatchEncoder(qint64 fileSize, qint64 baseSize, Sink sink);

    /// The next `size` bytes of the new file, not taken from the base.
    [[nodiscard]] bool addLiteral(const char *data, qsizetype size);
    /// The next `length` bytes of the new file are the base's from `baseOffset` (inside it).
    [[nodiscard]] bool addCopy(qint64 baseOffset, qint64 length);
    /// Writes what is buffered and the end record; false unless the ranges added make fileSize.
    [[nodiscard]] bool finish();

    [[nodiscard]] qint64 bytesWritten() const { return m_written; }
    /// Bytes of the new file given as literals, and as copies.
    [[nodiscard]] qint64 literalBytes() const { return m_literalBytes; }
    [[nodiscard]] qint64 copiedBytes() const { return m_copiedBytes; }

private:
    bool emit(const char *data, qsizetype size);
    bool start();
    bool flushLiteral();
    bool flushCopy();

    qint64 m_fileSize;
    qint64 m_baseSize;
    Sink m_sink;
    bool m_started = false;
    bool m_failed = false;
    bool m_finished = false;
    QByteArray m_literal;
    qint64 m_copyOffset = 0;
    qint64 m_copyLength = 0;
    qint64 m_position = 0; ///< Of the new file: bytes added so far.
    qint64 m_written = 0;
    qint64 m_literalBytes = 0;
    qint64 m_copiedBytes = 0;
};

/// Applies a reference link's bytes as they stream (write()): writes the new file into `outFd`
/// from offset 0 on, copying referenced ranges from the base open on `baseFd` (pread, in-kernel
/// copy_file_range where the file system has it). Checks everything the layout says, naming
/// `where` (e.g. "'shards/3' in PATH.4"): the magic, the file and base sizes the manifest and the
/// base file give, record kinds, lengths, copies inside the base, lengths adding up to fileSize,
/// the end record, nothing after it. Does not check the rebuilt file's checksum. Memory: a few
/// bytes of record header and one copy buffer.
class RefPatchApplier {
    Q_DECLARE_TR_FUNCTIONS(RefPatchApplier)

public:
    RefPatchApplier(int baseFd, qint64 baseSize, int outFd, qint64 fileSize, QString where, QString outPath);

    [[nodiscard]] Status write(const char *data, qsizetype size);
    /// After the last bytes: the end record must have come; sets the file's size.
    [[nodiscard]] Status finish();
    [[nodiscard]] qint64 copiedBytes() const { return m_copied; }

private:
    Error damaged(const QString &detail) const;
    Status parseHeader();
    Status parseRecord();
    Status copy(qint64 baseOffset, qint64 length);
    Status writeOut(const char *data, qsizetype size);

    int m_baseFd;
    qint64 m_baseSize;
    int m_outFd;
    qint64 m_fileSize;
    QString m_where;
    QString m_outPath;
    enum class State { Header, Record, Literal, Ended } m_state = State::Header;
    char m_head[refpatch::kCopyBytes] = {};
    qsizetype m_headFill = 0;
    qsizetype m_headWanted = refpatch::kHeaderBytes;
    qint64 m_position = 0;    ///< Of the new file: bytes written so far.
    qint64 m_literalLeft = 0; ///< Bytes of the current literal still to come.
    qint64 m_copied = 0;
    QByteArray m_buffer;
};

} // namespace tidemark
