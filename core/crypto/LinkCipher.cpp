#include "crypto/LinkCipher.h"

#include <QFile>
#include <QVariant>
#include <QtEndian>

#include <sodium.h>

#include <fcntl.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace tidemark {

namespace {

using Stream = crypto_secretstream_xchacha20poly1305_state;

static_assert(LinkCipher::kStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(LinkCipher::kMessageOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);
static_assert(LinkCipher::kKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);

constexpr quint16 kVersion = 1;
constexpr qint64 kReadAheadBytes = 32 << 20; // What a local link's disk is asked to read ahead.
constexpr qint64 kSegmentCipherBytes =
    LinkCipher::kStreamHeaderBytes +
    LinkCipher::kMessagesPerSegment * (LinkCipher::kMessageOverhead + LinkCipher::kMessageBytes);

// The additional data of a message: the link's header, the segment's number, whether it is the last.
QByteArray additionalData(const QByteArray &header, qint64 segment, bool last)
{
    QByteArray ad = header;
    ad.resize(LinkCipher::kHeaderBytes + 9);
    qToLittleEndian<quint64>(static_cast<quint64>(segment), ad.data() + LinkCipher::kHeaderBytes);
    ad[LinkCipher::kHeaderBytes + 8] = last ? 1 : 0;
    return ad;
}

// The code of a failed read of `source`: the store's own (a cut connection, a refusal) when it
// gives one.
ErrorCode sourceErrorCode(const QIODevice &source)
{
    const QVariant code = source.property("tidemarkErrorCode");
    return code.isValid() ? static_cast<ErrorCode>(code.toInt()) : ErrorCode::Io;
}

} // namespace

// The encrypting thread: full messages wait here (at most kQueued) while it encrypts and writes
// the ones before, so the caller's thread goes on with the next bytes meanwhile.
struct EncryptingDevice::State {
    static constexpr std::size_t kQueued = 16;
    Stream stream{};
    std::thread thread;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::pair<QByteArray, bool>> queue; // A message's plain bytes; whether it is the last.
    bool stop = false;
    bool done = false;                // The thread ended (after the last message or an error).
    std::optional<Error> threadError; // Why it ended early.
};

// The decrypting thread: from a message on, it reads and decrypts the link in order into `ready`
// (at most kAhead messages), while the reader takes them; a read elsewhere starts it again there.
struct DecryptingDevice::State {
    static constexpr std::size_t kAhead = 48; // 3 MiB: readers take 1 MiB at a time (ArchiveReader).
    struct Message {
        qint64 index = 0;
        QByteArray plain;
        bool failed = false; // Then the thread's engineError says why.
    };
    Stream stream{};
    std::thread thread;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Message> ready;
    qint64 next = -1;      // The message the reader takes next from `ready`; -1: no thread.
    std::size_t taken = 0; // Messages the reader took since the thread started.
    bool stop = false;

    // How far the thread may be ahead: little at first (a reader of a head or a tail takes one
    // or two messages, and an S3 link would be fetched ahead for nothing), kAhead once it reads on.
    [[nodiscard]] std::size_t aheadLimit() const { return std::min(kAhead, 2 + 2 * taken); }
};

bool LinkCipher::isEncrypted(QByteArrayView firstBytes)
{
    return firstBytes.startsWith(QByteArrayView(kMagic, 8));
}

qint64 LinkCipher::encryptedSize(qint64 plainBytes)
{
    const qint64 messages = plainBytes == 0 ? 1 : (plainBytes + kMessageBytes - 1) / kMessageBytes;
    const qint64 segments = (messages + kMessagesPerSegment - 1) / kMessagesPerSegment;
    return kHeaderBytes + segments * kStreamHeaderBytes + messages * kMessageOverhead + plainBytes;
}

// --- EncryptingDevice -------------------------------------------------------------------------

EncryptingDevice::EncryptingDevice(QIODevice &target, const SecretBytes &dataKey, QByteArray keyId, QString targetName)
    : m_state(std::make_unique<State>()), m_target(target), m_key(dataKey.copy()), m_keyId(std::move(keyId)),
      m_targetName(std::move(targetName))
{
}

EncryptingDevice::~EncryptingDevice()
{
    stopThread();
    sodium_memzero(&m_state->stream, sizeof m_state->stream);
}

void EncryptingDevice::stopThread()
{
    if (!m_state->thread.joinable())
        return;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->stop = true;
    }
    m_state->changed.notify_all();
    m_state->thread.join();
}

bool EncryptingDevice::open(OpenMode mode)
{
    if (!ensureSodium())
        return fail(makeError(ErrorCode::Failure, tr("libsodium could not be initialised")));
    if (m_key.size() != static_cast<std::size_t>(LinkCipher::kKeyBytes) || m_keyId.size() != LinkCipher::kKeyIdBytes)
        return fail(makeError(ErrorCode::Failure, tr("Encrypting '%1': no valid data key").arg(m_targetName)));
    if (!QIODevice::open(mode | QIODevice::Unbuffered))
        return false;
    m_header = QByteArray(LinkCipher::kHeaderBytes, '\0');
    char *h = m_header.data();
    std::memcpy(h, LinkCipher::kMagic, 8);
    qToLittleEndian<quint16>(kVersion, h + 8);
    qToLittleEndian<quint32>(static_cast<quint32>(LinkCipher::kSegmentBytes), h + 12);
    qToLittleEndian<quint32>(static_cast<quint32>(LinkCipher::kMessageBytes), h + 16);
    std::memcpy(h + 20, m_keyId.constData(), LinkCipher::kKeyIdBytes);
    randombytes_buf(h + 36, LinkCipher::kKeyIdBytes); // The link id.
    m_plain.reserve(LinkCipher::kMessageBytes);
    m_cipher.resize(LinkCipher::kMessageBytes + LinkCipher::kMessageOverhead);
    if (auto error = writeTarget(reinterpret_cast<const unsigned char *>(m_header.constData()), m_header.size())) {
        QIODevice::close();
        return fail(*error);
    }
    m_state->thread = std::thread([this] { encryptQueued(); });
    return true;
}

bool EncryptingDevice::fail(Error error)
{
    m_error = std::move(error);
    setErrorString(m_error.message);
    return false;
}

std::optional<Error> EncryptingDevice::writeTarget(const unsigned char *data, qint64 size)
{
    if (m_target.write(reinterpret_cast<const char *>(data), size) == size)
        return std::nullopt;
    return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(m_targetName, m_target.errorString()));
}

void EncryptingDevice::encryptQueued()
{
    for (;;) {
        std::pair<QByteArray, bool> message;
        {
            std::unique_lock lock(m_state->mutex);
            m_state->changed.wait(lock, [&] { return m_state->stop || !m_state->queue.empty(); });
            if (m_state->stop)
                return;
            message = std::move(m_state->queue.front());
            m_state->queue.pop_front();
        }
        m_state->changed.notify_all();
        auto error = pushMessage(message.first, message.second);
        if (error || message.second) {
            std::lock_guard lock(m_state->mutex);
            m_state->threadError = std::move(error);
            m_state->done = true;
            m_state->changed.notify_all();
            return;
        }
    }
}

bool EncryptingDevice::queueMessage(bool last)
{
    std::unique_lock lock(m_state->mutex);
    m_state->changed.wait(lock, [&] { return m_state->done || m_state->queue.size() < State::kQueued; });
    if (m_state->done) {
        const std::optional<Error> error = m_state->threadError;
        lock.unlock();
        return fail(error ? *error : makeError(ErrorCode::Failure, tr("Encrypting '%1' ended").arg(m_targetName)));
    }
    m_state->queue.emplace_back(std::move(m_plain), last);
    lock.unlock();
    m_state->changed.notify_all();
    m_plain = QByteArray();
    m_plain.reserve(LinkCipher::kMessageBytes);
    return true;
}

qint64 EncryptingDevice::writeData(const char *data, qint64 size)
{
    if (m_finished || !m_error.message.isEmpty())
        return -1;
    qint64 taken = 0;
    while (taken < size) {
        // A full message goes out only once a byte follows it: the link's last message must be
        // written as the last.
        if (m_plain.size() == LinkCipher::kMessageBytes && !queueMessage(false))
            return -1;
        const qint64 n = std::min(size - taken, LinkCipher::kMessageBytes - m_plain.size());
        m_plain.append(data + taken, n);
        taken += n;
    }
    m_plainBytes += size;
    return size;
}

std::optional<Error> EncryptingDevice::pushMessage(const QByteArray &plain, bool last)
{
    if (m_messageInSegment == 0) {
        unsigned char streamHeader[LinkCipher::kStreamHeaderBytes];
        crypto_secretstream_xchacha20poly1305_init_push(&m_state->stream, streamHeader, m_key.data());
        if (auto error = writeTarget(streamHeader, sizeof streamHeader))
            return error;
    }
    const bool endsSegment = last || m_messageInSegment == LinkCipher::kMessagesPerSegment - 1;
    const QByteArray ad = additionalData(m_header, m_segment, last);
    unsigned long long cipherBytes = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &m_state->stream, reinterpret_cast<unsigned char *>(m_cipher.data()), &cipherBytes,
        reinterpret_cast<const unsigned char *>(plain.constData()), static_cast<unsigned long long>(plain.size()),
        reinterpret_cast<const unsigned char *>(ad.constData()), static_cast<unsigned long long>(ad.size()),
        endsSegment ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                    : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    if (auto error = writeTarget(reinterpret_cast<const unsigned char *>(m_cipher.constData()),
                                 static_cast<qint64>(cipherBytes)))
        return error;
    if (endsSegment) {
        ++m_segment;
        m_messageInSegment = 0;
    } else {
        ++m_messageInSegment;
    }
    return std::nullopt;
}

bool EncryptingDevice::finish()
{
    if (m_finished)
        return true;
    if (!m_error.message.isEmpty() || !isOpen())
        return false;
    if (!queueMessage(true))
        return false;
    // The thread ends after the last message: everything is written (or why not is known).
    m_state->thread.join();
    if (m_state->threadError)
        return fail(*m_state->threadError);
    m_finished = true;
    return true;
}

// --- DecryptingDevice -------------------------------------------------------------------------

DecryptingDevice::DecryptingDevice(std::unique_ptr<QIODevice> source, const SecretBytes &dataKey, QByteArray keyId,
                                   QString sourceName)
    : m_state(std::make_unique<State>()), m_source(std::move(source)), m_key(dataKey.copy()), m_keyId(std::move(keyId)),
      m_sourceName(std::move(sourceName))
{
}

DecryptingDevice::~DecryptingDevice()
{
    stopAhead();
    sodium_memzero(&m_state->stream, sizeof m_state->stream);
}

bool DecryptingDevice::fail(ErrorCode code, const QString &message, const QString &hint)
{
    m_error = makeError(code, message, hint);
    setErrorString(message);
    setProperty("tidemarkErrorCode", static_cast<int>(code));
    if (!hint.isEmpty())
        setProperty("tidemarkErrorHint", hint);
    return false;
}

bool DecryptingDevice::engineFail(ErrorCode code, const QString &message, const QString &hint)
{
    m_engineError = makeError(code, message, hint);
    return false;
}

bool DecryptingDevice::readSource(unsigned char *into, qint64 size)
{
    qint64 got = 0;
    while (got < size) {
        const qint64 n = m_source->read(reinterpret_cast<char *>(into) + got, size - got);
        if (n < 0) {
            return engineFail(sourceErrorCode(*m_source),
                              tr("Reading '%1' failed: %2").arg(m_sourceName, m_source->errorString()));
        }
        if (n == 0)
            return engineFail(
                ErrorCode::Integrity,
                tr("'%1' is damaged: it ends inside an encrypted message (it was cut short)").arg(m_sourceName),
                tr("Restore the file from another copy, or back up again."));
        got += n;
    }
    return true;
}

bool DecryptingDevice::open(OpenMode mode)
{
    if (!ensureSodium())
        return fail(ErrorCode::Failure, tr("libsodium could not be initialised"));
    // Checked here, as EncryptingDevice does: the stream would read kKeyBytes from the key.
    if (m_key.size() != static_cast<std::size_t>(LinkCipher::kKeyBytes) || m_keyId.size() != LinkCipher::kKeyIdBytes)
        return fail(ErrorCode::Failure, tr("Decrypting '%1': no valid data key").arg(m_sourceName));
    if ((mode & QIODevice::WriteOnly) || !QIODevice::open(mode | QIODevice::Unbuffered))
        return false;
    const auto damaged = [&](const QString &what) {
        QIODevice::close();
        return fail(ErrorCode::Integrity, tr("'%1' is damaged: %2").arg(m_sourceName, what),
                    tr("Restore the file from another copy, or back up again."));
    };
    if (m_source->isSequential() || !m_source->seek(0)) {
        QIODevice::close();
        return fail(ErrorCode::Failure, tr("'%1' cannot be read at random").arg(m_sourceName));
    }
    // The header, or as much of it as the file has: a plain file shorter than a header is still
    // a plain file, not an encrypted link cut short.
    m_header.resize(LinkCipher::kHeaderBytes);
    qint64 headerBytes = 0;
    while (headerBytes < LinkCipher::kHeaderBytes) {
        const qint64 n = m_source->read(m_header.data() + headerBytes, LinkCipher::kHeaderBytes - headerBytes);
        if (n < 0) {
            QIODevice::close();
            return fail(sourceErrorCode(*m_source),
                        tr("Reading '%1' failed: %2").arg(m_sourceName, m_source->errorString()));
        }
        if (n == 0)
            break;
        headerBytes += n;
    }
    const QByteArrayView magic(LinkCipher::kMagic, 8);
    const bool magicSoFar = headerBytes >= magic.size() ? LinkCipher::isEncrypted(m_header)
                                                        : magic.startsWith(QByteArrayView(m_header).first(headerBytes));
    if (magicSoFar && headerBytes < LinkCipher::kHeaderBytes)
        return damaged(tr("it is shorter than an encrypted link's header"));
    const char *h = m_header.constData();
    if (!magicSoFar) {
        QIODevice::close();
        return fail(ErrorCode::Integrity,
                    tr("'%1' is not encrypted, but its chain is: a chain is encrypted from its full snapshot on, "
                       "and mixing is refused")
                        .arg(m_sourceName),
                    tr("Move the file aside: it does not belong to this chain."));
    }
    if (qFromLittleEndian<quint16>(h + 8) != kVersion)
        return damaged(tr("its encryption format version %1 is unknown (this Tidemark reads version %2)")
                           .arg(qFromLittleEndian<quint16>(h + 8))
                           .arg(kVersion));
    if (qFromLittleEndian<quint16>(h + 10) != 0 ||
        qFromLittleEndian<quint32>(h + 12) != static_cast<quint32>(LinkCipher::kSegmentBytes) ||
        qFromLittleEndian<quint32>(h + 16) != static_cast<quint32>(LinkCipher::kMessageBytes) ||
        QByteArrayView(h + 52, 12) != QByteArray(12, '\0'))
        return damaged(tr("its encryption header is not valid"));
    if (QByteArrayView(h + 20, LinkCipher::kKeyIdBytes) != QByteArrayView(m_keyId)) {
        QIODevice::close();
        return fail(ErrorCode::Integrity,
                    tr("'%1' was encrypted with another data key than its chain's (key id %2, the chain's %3)")
                        .arg(m_sourceName, QString::fromLatin1(QByteArray(h + 20, LinkCipher::kKeyIdBytes).toHex()),
                             QString::fromLatin1(m_keyId.toHex())),
                    tr("The file belongs to another chain: move it aside."));
    }
    // The archive's size from the link's: all messages are full but the last.
    const qint64 body = m_source->size() - LinkCipher::kHeaderBytes;
    const qint64 fullSegments = body / kSegmentCipherBytes;
    const qint64 rest = body % kSegmentCipherBytes;
    if (body <= 0)
        return damaged(tr("it holds no encrypted data (it was cut short)"));
    if (rest == 0) {
        m_messages = fullSegments * LinkCipher::kMessagesPerSegment;
        m_lastLength = LinkCipher::kMessageBytes;
    } else {
        const qint64 r = rest - LinkCipher::kStreamHeaderBytes;
        if (r < LinkCipher::kMessageOverhead)
            return damaged(tr("it ends inside an encrypted message (it was cut short)"));
        const qint64 messageCipher = LinkCipher::kMessageOverhead + LinkCipher::kMessageBytes;
        const qint64 k = (r + messageCipher - 1) / messageCipher;
        m_lastLength = r - (k - 1) * messageCipher - LinkCipher::kMessageOverhead;
        if (m_lastLength < 0)
            return damaged(tr("it ends inside an encrypted message (it was cut short)"));
        m_messages = fullSegments * LinkCipher::kMessagesPerSegment + k;
    }
    // Only an empty archive ends with an empty message (EncryptingDevice writes a full message
    // only once a byte follows it). A reader stops at size() and never decrypts an empty last
    // message, so a link cut 17 bytes after a message boundary would read as a shorter archive.
    if (m_lastLength == 0 && m_messages > 1)
        return damaged(tr("it ends inside an encrypted message (it was cut short)"));
    m_plainSize = (m_messages - 1) * LinkCipher::kMessageBytes + m_lastLength;
    m_cipher.resize(LinkCipher::kMessageBytes + LinkCipher::kMessageOverhead);
    m_pos = 0;
    m_segment = -1;
    m_nextMessage = 0;
    m_lastDecrypted = -1;
    m_plainStart = -1;
    if (auto *file = qobject_cast<QFile *>(m_source.get()); file && file->handle() >= 0)
        (void)::posix_fadvise(file->handle(), 0, 0, POSIX_FADV_SEQUENTIAL); // A bigger read-ahead.
    // An empty archive has no byte to read, so its one message is authenticated here: else any
    // 105 bytes with this header (or the link read with a wrong data key) would read as empty.
    if (m_plainSize == 0 && !decryptMessage(0)) {
        QIODevice::close();
        return fail(m_engineError.code, m_engineError.message, m_engineError.hint);
    }
    return true;
}

bool DecryptingDevice::seek(qint64 pos)
{
    if (pos < 0 || pos > m_plainSize || !QIODevice::seek(pos))
        return false;
    m_pos = pos;
    return true;
}

bool DecryptingDevice::startSegment(qint64 segment, bool seekSource)
{
    if (seekSource && !m_source->seek(LinkCipher::kHeaderBytes + segment * kSegmentCipherBytes))
        return engineFail(ErrorCode::Io, tr("Reading '%1' failed: %2").arg(m_sourceName, m_source->errorString()));
    unsigned char streamHeader[LinkCipher::kStreamHeaderBytes];
    if (!readSource(streamHeader, sizeof streamHeader))
        return false;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&m_state->stream, streamHeader, m_key.data()) != 0)
        return engineFail(ErrorCode::Integrity,
                          tr("'%1' is damaged: segment %2 has a bad header").arg(m_sourceName).arg(segment),
                          tr("Restore the file from another copy, or back up again."));
    m_segment = segment;
    m_nextMessage = 0;
    return true;
}

bool DecryptingDevice::decryptNext()
{
    const qint64 index = m_segment * LinkCipher::kMessagesPerSegment + m_nextMessage;
    if (index >= m_messages)
        return engineFail(ErrorCode::Integrity,
                          tr("'%1' is damaged: it goes on after its last message").arg(m_sourceName));
    const bool last = index == m_messages - 1;
    const qint64 plainLength = last ? m_lastLength : LinkCipher::kMessageBytes;
    const qint64 cipherLength = plainLength + LinkCipher::kMessageOverhead;
    if (!readSource(reinterpret_cast<unsigned char *>(m_cipher.data()), cipherLength))
        return false;
    const QByteArray ad = additionalData(m_header, m_segment, last);
    m_decrypted.resize(plainLength);
    unsigned long long plainBytes = 0;
    unsigned char tag = 0;
    const bool endsSegment = last || m_nextMessage == LinkCipher::kMessagesPerSegment - 1;
    const int rc = crypto_secretstream_xchacha20poly1305_pull(
        &m_state->stream, reinterpret_cast<unsigned char *>(m_decrypted.data()), &plainBytes, &tag,
        reinterpret_cast<const unsigned char *>(m_cipher.constData()), static_cast<unsigned long long>(cipherLength),
        reinterpret_cast<const unsigned char *>(ad.constData()), static_cast<unsigned long long>(ad.size()));
    const unsigned char expected = endsSegment ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                               : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    if (rc != 0 || tag != expected || static_cast<qint64>(plainBytes) != plainLength) {
        const qint64 at = LinkCipher::kHeaderBytes + m_segment * kSegmentCipherBytes + LinkCipher::kStreamHeaderBytes +
                          m_nextMessage * (LinkCipher::kMessageOverhead + LinkCipher::kMessageBytes);
        m_segment = -1; // The stream's state is spent; a later read starts the segment again.
        m_lastDecrypted = -1;
        return engineFail(
            ErrorCode::Integrity,
            tr("'%1' is damaged or was tampered with: the encrypted block of bytes %2 to %3 does not "
               "authenticate%4")
                .arg(m_sourceName)
                .arg(at)
                .arg(at + cipherLength - 1)
                .arg(last ? tr(" (it may have been cut short)") : QString()),
            tr("Restore the file from another copy, or back up again; nothing was read from it as good."));
    }
    m_lastDecrypted = index;
    if (endsSegment) {
        m_segment = -1; // The next message starts a segment of its own.
    } else {
        ++m_nextMessage;
    }
    return true;
}

bool DecryptingDevice::decryptMessage(qint64 index)
{
    // Continue the segment being read when the message lies ahead in it, else start its segment.
    const qint64 segment = index / LinkCipher::kMessagesPerSegment;
    const qint64 message = index % LinkCipher::kMessagesPerSegment;
    if (m_segment != segment || m_nextMessage > message) {
        // After a segment's last message the source stands at the next segment's start.
        const bool atStart = m_segment < 0 && m_lastDecrypted >= 0 && message == 0 &&
                             m_lastDecrypted / LinkCipher::kMessagesPerSegment + 1 == segment;
        if (!startSegment(segment, !atStart))
            return false;
    }
    while (m_nextMessage <= message && m_segment == segment) {
        if (!decryptNext())
            return false;
        if (m_segment < 0)
            break;
    }
    return m_lastDecrypted == index;
}

void DecryptingDevice::decryptAhead(qint64 from)
{
    // A local link: the disk reads well ahead of the decryption, as a restore reads a plain link.
    auto *file = qobject_cast<QFile *>(m_source.get());
    const int fd = file ? file->handle() : -1;
    qint64 advised = -1;
    for (qint64 index = from; index < m_messages; ++index) {
        if (fd >= 0) {
            const qint64 at = m_source->pos();
            if (advised < at || advised - at < kReadAheadBytes / 2) {
                advised = std::max(advised, at);
                (void)::posix_fadvise(fd, advised, kReadAheadBytes, POSIX_FADV_WILLNEED);
                advised += kReadAheadBytes;
            }
        }
        {
            std::unique_lock lock(m_state->mutex);
            m_state->changed.wait(lock, [&] { return m_state->stop || m_state->ready.size() < m_state->aheadLimit(); });
            if (m_state->stop)
                return;
        }
        const bool failed = !decryptMessage(index);
        State::Message message{index, {}, failed};
        if (!failed)
            message.plain = std::exchange(m_decrypted, QByteArray()); // The next one gets a buffer of its own.
        {
            std::lock_guard lock(m_state->mutex);
            m_state->ready.push_back(std::move(message));
        }
        m_state->changed.notify_all();
        if (failed)
            return;
    }
}

void DecryptingDevice::stopAhead()
{
    if (m_state->thread.joinable()) {
        {
            std::lock_guard lock(m_state->mutex);
            m_state->stop = true;
        }
        m_state->changed.notify_all();
        m_state->thread.join();
    }
    m_state->ready.clear();
    m_state->stop = false;
    m_state->next = -1;
    m_state->taken = 0;
}

bool DecryptingDevice::takeMessage(qint64 index)
{
    if (m_state->next != index) {
        stopAhead();
        m_state->next = index;
        m_state->thread = std::thread([this, index] { decryptAhead(index); });
    }
    State::Message message;
    {
        std::unique_lock lock(m_state->mutex);
        m_state->changed.wait(lock, [&] { return !m_state->ready.empty(); });
        message = std::move(m_state->ready.front());
        m_state->ready.pop_front();
        ++m_state->taken;
    }
    m_state->changed.notify_all();
    if (message.failed) {
        stopAhead(); // It ended there; the engine's error is the reader's now.
        return fail(m_engineError.code, m_engineError.message, m_engineError.hint);
    }
    m_state->next = index + 1;
    m_plain = std::move(message.plain);
    m_plainStart = index * LinkCipher::kMessageBytes;
    return true;
}

qint64 DecryptingDevice::readData(char *data, qint64 max)
{
    if (!m_error.message.isEmpty())
        return -1;
    qint64 total = 0;
    while (total < max && m_pos < m_plainSize) {
        if (m_plainStart >= 0 && m_pos >= m_plainStart && m_pos < m_plainStart + m_plain.size()) {
            const qint64 offset = m_pos - m_plainStart;
            const qint64 n = std::min(max - total, m_plain.size() - offset);
            std::memcpy(data + total, m_plain.constData() + offset, static_cast<std::size_t>(n));
            total += n;
            m_pos += n;
            continue;
        }
        if (!takeMessage(m_pos / LinkCipher::kMessageBytes))
            return total > 0 ? total : -1;
    }
    return total;
}

} // namespace tidemark
