#pragma once

#include "common/Error.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>

#include <memory>
#include <optional>

namespace tidemark {

/// The bytes of an encrypted link (see docs/format.md, "Encrypted links"): a 64-byte header in
/// the clear, then the link's archive in segments of 1 MiB, each segment a libsodium
/// `crypto_secretstream_xchacha20poly1305` stream of its own (a 24-byte stream header, then 16
/// messages of 64 KiB, each 17 bytes longer: tag and MAC; the last message of each segment is
/// tagged FINAL). Every message authenticates, as additional data, the link's header, its
/// segment's number and whether it ends the link, so that
/// - a changed byte anywhere (header included) fails the message it is in;
/// - segments cannot be dropped, repeated, reordered or moved from another link (each link's
///   header has a random link id);
/// - a link cut short, even at a segment boundary, fails: its new last message was not written as
///   the last;
/// - any position can be read after decrypting at most one segment from its start, so the final
///   manifest is read from a link's end without the rest (ArchiveReader::readFinalManifest).
///
/// Header: magic `TDMKENC1`, format version (u16, 1), reserved (u16, 0), segment and message
/// sizes (u32 each), the chain's key id (16 bytes: which data key, see ChainKeys), the link id
/// (16 random bytes), 12 reserved zero bytes; integers little-endian.
class LinkCipher {
    Q_DECLARE_TR_FUNCTIONS(LinkCipher)

public:
    static constexpr char kMagic[9] = "TDMKENC1";
    static constexpr qint64 kHeaderBytes = 64;
    static constexpr qint64 kMessageBytes = 64 * 1024;
    static constexpr qint64 kMessagesPerSegment = 16;
    static constexpr qint64 kSegmentBytes = kMessageBytes * kMessagesPerSegment;
    static constexpr qint64 kStreamHeaderBytes = 24; ///< crypto_secretstream_xchacha20poly1305_HEADERBYTES
    static constexpr qint64 kMessageOverhead = 17;   ///< crypto_secretstream_xchacha20poly1305_ABYTES
    static constexpr qsizetype kKeyIdBytes = 16;
    static constexpr qsizetype kKeyBytes = 32; ///< crypto_secretstream_xchacha20poly1305_KEYBYTES

    /// Whether `firstBytes` (a link's first bytes) start an encrypted link.
    [[nodiscard]] static bool isEncrypted(QByteArrayView firstBytes);
    /// The stored size of a link whose archive has `plainBytes` bytes.
    [[nodiscard]] static qint64 encryptedSize(qint64 plainBytes);
};

/// Encrypts what is written to it into `target` (LinkCipher's format). open(WriteOnly) writes
/// the header; finish() the last message: without it the link is incomplete and will not
/// decrypt. A thread of its own encrypts and writes to `target` (which it then uses alone until
/// finish() or the end) while the caller goes on. Memory: 18 messages. Errors name `targetName`.
class EncryptingDevice : public QIODevice {
    Q_OBJECT

public:
    EncryptingDevice(QIODevice &target, const SecretBytes &dataKey, QByteArray keyId, QString targetName);
    ~EncryptingDevice() override;

    bool open(OpenMode mode) override;
    bool isSequential() const override { return true; }
    /// Encrypts what is pending as the link's last message. Nothing may be written after.
    [[nodiscard]] bool finish();
    /// Why a write or finish() failed.
    [[nodiscard]] const Error &error() const { return m_error; }
    /// Plain bytes taken so far.
    [[nodiscard]] qint64 plainBytes() const { return m_plainBytes; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    bool fail(Error error);
    /// Hands the pending message to the encrypting thread (waiting while it is kQueued behind).
    bool queueMessage(bool last);
    /// The encrypting thread: encrypts and writes each queued message, until the last or an error.
    void encryptQueued();
    void stopThread();
    /// On the encrypting thread: one message (and a segment's stream header before its first).
    [[nodiscard]] std::optional<Error> pushMessage(const QByteArray &plain, bool last);
    [[nodiscard]] std::optional<Error> writeTarget(const unsigned char *data, qint64 size);

    struct State;
    std::unique_ptr<State> m_state;
    QIODevice &m_target;
    SecretBytes m_key;
    QByteArray m_keyId;
    QString m_targetName;
    QByteArray m_header;
    QByteArray m_plain;            ///< Pending plain bytes of the next message (at most kMessageBytes).
    QByteArray m_cipher;           ///< One encrypted message (the encrypting thread's).
    qint64 m_segment = 0;          ///< The encrypting thread's.
    qint64 m_messageInSegment = 0; ///< The encrypting thread's.
    qint64 m_plainBytes = 0;
    bool m_finished = false;
    Error m_error;
};

/// Decrypts an encrypted link read from `source` (random access: a local file or an S3 link),
/// as a random-access device of the archive's bytes (size() is the archive's size). A failed
/// check (a changed, missing or foreign byte) is a read error with ErrorCode::Integrity, another
/// key's link ErrorCode::Integrity too; readError() gives it with its code (the property
/// `tidemarkErrorCode` carries the code for readers that only see a QIODevice, see
/// ChainStore::readError()). A thread of its own reads and decrypts ahead of the reader, from
/// where the reader reads (a read elsewhere starts it again there): two messages at first, up to
/// 48 (3 MiB; readers take 1 MiB at a time) as the reader reads on. Memory: 50 messages plus what
/// `source` buffers.
class DecryptingDevice : public QIODevice {
    Q_OBJECT

public:
    DecryptingDevice(std::unique_ptr<QIODevice> source, const SecretBytes &dataKey, QByteArray keyId,
                     QString sourceName);
    ~DecryptingDevice() override;

    /// Opens for reading: reads and checks the header, works out the archive's size from the
    /// link's size. False with readError() set when the link is not one of this chain's key.
    bool open(OpenMode mode) override;
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_plainSize; }
    bool seek(qint64 pos) override;
    [[nodiscard]] const Error &readError() const { return m_error; }

protected:
    qint64 readData(char *data, qint64 max) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    bool fail(ErrorCode code, const QString &message, const QString &hint = {});
    /// The reader: message `index` from the decrypting thread (started there when it is not
    /// what the thread gives next) into m_plain.
    bool takeMessage(qint64 index);
    void stopAhead();
    /// The decrypting thread, from message `from` to the link's end or its first error.
    void decryptAhead(qint64 from);

    // The engine, used by one thread at a time (the decrypting thread, or open()): it reads the
    // source, keeps the stream's state and sets m_engineError.
    bool engineFail(ErrorCode code, const QString &message, const QString &hint = {});
    /// Message `index` into m_decrypted.
    bool decryptMessage(qint64 index);
    bool startSegment(qint64 segment, bool seekSource);
    bool decryptNext();
    bool readSource(unsigned char *into, qint64 size);

    struct State;
    std::unique_ptr<State> m_state;
    std::unique_ptr<QIODevice> m_source;
    SecretBytes m_key;
    QByteArray m_keyId;
    QString m_sourceName;
    QByteArray m_header;
    qint64 m_plainSize = 0;
    qint64 m_messages = 0;    ///< Messages in the link.
    qint64 m_lastLength = 0;  ///< Plain bytes of the last message.
    qint64 m_pos = 0;         ///< Next plain byte to give.
    QByteArray m_plain;       ///< The reader's message.
    qint64 m_plainStart = -1; ///< Archive offset of m_plain's first byte.
    Error m_error;            ///< The reader's error.
    // The engine's.
    qint64 m_segment = -1;       ///< Segment being decrypted (-1: none).
    qint64 m_nextMessage = 0;    ///< Next message of m_segment to decrypt.
    qint64 m_lastDecrypted = -1; ///< Index of the message in m_decrypted.
    QByteArray m_decrypted;
    QByteArray m_cipher;
    Error m_engineError;
};

} // namespace tidemark
