#include "storage/S3ChainStore.h"

#include "storage/LocalScratch.h"

#include <QDir>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace tidemark {

namespace {

// The N of `KEY.N` (digits only, no leading zero), or -1.
int linkNumber(QStringView suffix)
{
    if (suffix.isEmpty() || suffix.size() > 9 || (suffix.size() > 1 && suffix.front() == QLatin1Char('0')))
        return -1;
    if (!std::all_of(suffix.begin(), suffix.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }))
        return -1;
    return suffix.toInt();
}

// The token a lock object's body names (empty for anything else).
QByteArray lockToken(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(QLatin1String("token")).toString().toUtf8();
}

QString scratchAnchor()
{
    return QDir::tempPath() + QStringLiteral("/tidemark-s3");
}

// A link on S3 as a random-access device: reads are range GETs. The first GET after a seek asks
// for kProbeBytes (reading a final manifest from the end takes one or two small GETs); reading on
// past it asks for the rest of the object in one GET, streamed.
class S3LinkDevice : public QIODevice {
public:
    static constexpr qint64 kProbeBytes = 256 * 1024;

    S3LinkDevice(std::unique_ptr<S3Client> client, QString key, qint64 size, QByteArray etag)
        : m_client(std::move(client)), m_key(std::move(key)), m_size(size), m_etag(std::move(etag))
    {
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_size; }
    bool seek(qint64 pos) override
    {
        if (pos < 0 || pos > m_size || !QIODevice::seek(pos))
            return false;
        if (pos != m_at) {
            m_download.reset();
            m_at = pos;
            m_probe = true;
        }
        return true;
    }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        qint64 total = 0;
        while (total < max && m_at < m_size) {
            if (!m_download) {
                const qint64 end = m_probe ? std::min(m_size, m_at + kProbeBytes) : m_size;
                m_download = m_client->download(m_key, m_at, end, m_etag);
                m_probe = false;
            }
            const qint64 n = m_download->read(data + total, max - total);
            if (n < 0) {
                setErrorString(m_download->error().message);
                return total > 0 ? total : -1;
            }
            if (n == 0) {
                m_download.reset();
                continue;
            }
            total += n;
            m_at += n;
            if (total > 0)
                break; // Hand over what came; the next read goes on.
        }
        return total;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    std::unique_ptr<S3Client> m_client;
    QString m_key;
    qint64 m_size;
    QByteArray m_etag;
    qint64 m_at = 0;
    bool m_probe = true;
    std::unique_ptr<S3Client::Download> m_download;
};

// The parts of a new link, uploaded by a thread of their own while the next part fills: memory is
// two parts at most (16 MiB for links up to 7.8 GiB, then twice that for every 1,000 parts more).
class PartUploader {
public:
    PartUploader(std::unique_ptr<S3Client> client, QString key, QString uploadId)
        : m_client(std::move(client)), m_key(std::move(key)), m_uploadId(std::move(uploadId))
    {
        m_thread = std::thread([this] { run(); });
    }
    ~PartUploader() { stop(); }

    // Hands a part over; blocks while the one before is still uploading. False once an upload failed.
    bool push(QByteArray part)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return (m_queue.empty() && !m_busy) || m_error || m_stopping; });
        if (m_error || m_stopping)
            return false;
        m_queue.push_back(std::move(part));
        m_changed.notify_all();
        return true;
    }
    // Waits for every queued part; the ETags in order, or the first error.
    Result<std::vector<QByteArray>> finish()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return (m_queue.empty() && !m_busy) || m_error; });
        if (m_error)
            return *m_error;
        return m_etags;
    }
    std::optional<Error> error() const
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }
    // The buffer of the last part uploaded, emptied, for the next part to fill.
    QByteArray takeSpare()
    {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_spare, QByteArray());
    }
    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_queue.clear();
            m_changed.notify_all();
        }
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    void run()
    {
        for (;;) {
            QByteArray part;
            int number = 0;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
                if (m_stopping)
                    return;
                part = std::move(m_queue.front());
                m_queue.pop_front();
                m_busy = true;
                number = static_cast<int>(m_etags.size()) + 1;
            }
            auto etag = m_client->uploadPart(m_key, m_uploadId, number, part);
            std::lock_guard lock(m_mutex);
            m_busy = false;
            part.resize(0); // Keeps its capacity: the sink fills it again (two buffers in all).
            m_spare = std::move(part);
            if (etag)
                m_etags.push_back(etag.value());
            else if (!m_error)
                m_error = etag.error();
            m_changed.notify_all();
            if (m_error)
                return;
        }
    }

    std::unique_ptr<S3Client> m_client;
    QString m_key;
    QString m_uploadId;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_queue;
    QByteArray m_spare;
    std::vector<QByteArray> m_etags;
    std::optional<Error> m_error;
    bool m_busy = false;
    bool m_stopping = false;
    std::thread m_thread;
};

// The device a backup writes a new link into: fills parts and hands them to the uploader.
class PartSink : public QIODevice {
public:
    explicit PartSink(PartUploader &uploader) : m_uploader(uploader)
    {
        m_part.reserve(static_cast<qsizetype>(S3ChainStore::kFirstPartSize));
    }
    bool isSequential() const override { return true; }
    qint64 written() const { return m_written; }
    // Hands over the last part (possibly short); false once an upload failed.
    bool flushLast()
    {
        if (m_part.isEmpty() && m_parts > 0)
            return true;
        return handOver();
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        qint64 done = 0;
        while (done < size) {
            const qint64 room = S3ChainStore::partSize(m_parts + 1) - m_part.size();
            const qint64 n = std::min(room, size - done);
            m_part.append(data + done, static_cast<qsizetype>(n));
            done += n;
            if (m_part.size() >= S3ChainStore::partSize(m_parts + 1) && !handOver())
                return -1;
        }
        m_written += size;
        return size;
    }

private:
    bool handOver()
    {
        QByteArray part;
        part.swap(m_part);
        ++m_parts;
        if (!m_uploader.push(std::move(part))) {
            if (auto error = m_uploader.error())
                setErrorString(error->message);
            return false;
        }
        const auto size = static_cast<qsizetype>(S3ChainStore::partSize(m_parts + 1));
        m_part = m_uploader.takeSpare();
        if (m_part.capacity() < size)
            m_part = QByteArray();
        m_part.reserve(size);
        return true;
    }

    PartUploader &m_uploader;
    QByteArray m_part;
    int m_parts = 0;
    qint64 m_written = 0;
};

class S3Writer : public ChainStore::Writer {
    Q_DECLARE_TR_FUNCTIONS(S3ChainStore)

public:
    // `lockKey` and `lockToken`: the chain's lock as this store took it (empty when not locked);
    // it must still be ours when the upload completes.
    S3Writer(std::unique_ptr<S3Client> control, std::unique_ptr<S3Client> parts, QString key, QString uploadId,
             QString lockKey, QByteArray lockToken)
        : m_client(std::move(control)), m_key(std::move(key)), m_uploadId(uploadId), m_lockKey(std::move(lockKey)),
          m_lockToken(std::move(lockToken)), m_uploader(std::move(parts), m_key, std::move(uploadId)),
          m_sink(m_uploader)
    {
        m_sink.open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    ~S3Writer() override
    {
        if (m_committed)
            return;
        m_uploader.stop();
        (void)m_client->abortUpload(m_key, m_uploadId); // Best effort; the next backup aborts what is left.
    }
    QIODevice &device() override { return m_sink; }
    QString pendingName() const override { return tr("%1 (upload in progress)").arg(m_client->describe(m_key)); }
    std::optional<Error> writeError() const override { return m_uploader.error(); }
    Status commit() override
    {
        if (!m_sink.flushLast()) {
            if (auto error = m_uploader.error())
                return *error;
        }
        auto etags = m_uploader.finish();
        if (!etags)
            return etags.error();
        // Object storage without conditional writes cannot stop two writers that took the lock at
        // the same moment; the one whose token the lock no longer holds gives way here, before
        // its link exists.
        if (!m_lockToken.isEmpty()) {
            auto current = m_client->get(m_lockKey);
            if (!current)
                return current.error();
            if (lockToken(current.value()) != m_lockToken)
                return makeError(ErrorCode::Busy,
                                 tr("Another backup took the lock of the chain while %1 was uploaded; it was not "
                                    "written.")
                                     .arg(m_client->describe(m_key)),
                                 tr("Run one backup of a chain at a time."));
        }
        // (A completion whose answer was lost is recognised by completeUpload() itself.)
        if (Status completed = m_client->completeUpload(m_key, m_uploadId, etags.value()); !completed)
            return completed;
        auto head = m_client->head(m_key);
        if (!head)
            return head.error();
        m_committed = true;
        // End to end: the object the store made is as long as what was written; if not, it goes.
        if (head->size != m_sink.written()) {
            (void)m_client->remove(m_key);
            return makeError(ErrorCode::Integrity,
                             tr("%1 held %2 bytes after its upload, but %3 were sent; it was removed.")
                                 .arg(m_client->describe(m_key))
                                 .arg(head->size)
                                 .arg(m_sink.written()),
                             tr("Something changed the object meanwhile; back up again."));
        }
        return {};
    }

private:
    std::unique_ptr<S3Client> m_client;
    QString m_key;
    QString m_uploadId;
    QString m_lockKey;
    QByteArray m_lockToken;
    PartUploader m_uploader;
    PartSink m_sink;
    bool m_committed = false;
};

bool processRuns(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The chain's lock object, renewed by a thread of its own until released.
class S3Lock : public ChainStore::Lock {
public:
    S3Lock(std::unique_ptr<S3Client> client, QString key, QByteArray body, QByteArray token, QByteArray etag)
        : m_client(std::move(client)), m_key(std::move(key)), m_body(std::move(body)), m_token(std::move(token)),
          m_etag(std::move(etag))
    {
        m_thread = std::thread([this] { renew(); });
    }
    ~S3Lock() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            m_wake.notify_all();
        }
        m_thread.join();
        // Remove it only while it is still ours.
        if (auto current = m_client->get(m_key)) {
            if (lockToken(current.value()) == m_token)
                (void)m_client->remove(m_key);
        }
    }

    static QByteArray make(const QByteArray &token)
    {
        QJsonObject o;
        o.insert(QLatin1String("host"), QHostInfo::localHostName());
        o.insert(QLatin1String("pid"), static_cast<qint64>(::getpid()));
        o.insert(QLatin1String("token"), QString::fromUtf8(token));
        o.insert(QLatin1String("since"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        o.insert(QLatin1String("expires"),
                 QDateTime::currentDateTimeUtc().addSecs(S3ChainStore::kLockSeconds).toString(Qt::ISODate));
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }

private:
    void renew()
    {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::seconds(S3ChainStore::kLockSeconds / 4),
                                [this] { return m_stopping; })) {
            lock.unlock();
            QJsonObject o = QJsonDocument::fromJson(m_body).object();
            o.insert(QLatin1String("expires"),
                     QDateTime::currentDateTimeUtc().addSecs(S3ChainStore::kLockSeconds).toString(Qt::ISODate));
            m_body = QJsonDocument(o).toJson(QJsonDocument::Compact);
            // Renewed only while it is still the object written last: a lock taken over stays
            // the other's (and this writer's links give way at their commit).
            if (!m_etag.isEmpty()) {
                auto put = m_client->putIf(m_key, m_body, m_etag, &m_etag);
                if (put && put.value() == S3Client::Put::ConditionFailed) {
                    // Still ours (a store whose If-Match misses its own ETags)? Then plainly.
                    auto current = m_client->getWithEtag(m_key);
                    if (current && lockToken(current->first) == m_token) {
                        (void)m_client->put(m_key, m_body);
                        m_etag.clear();
                    }
                }
            } else {
                (void)m_client->put(m_key, m_body);
            }
            lock.lock();
        }
    }

    std::unique_ptr<S3Client> m_client;
    QString m_key;
    QByteArray m_body;
    QByteArray m_token;
    QByteArray m_etag; ///< Of the lock object as last written; empty where the store gives none.
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace

S3ChainStore::S3ChainStore(const QString &location) : m_url(S3Url::parse(location))
{
    m_path = m_url.valid ? m_url.toString() : location;
    if (!m_url.valid || m_url.key.isEmpty() || m_url.key.endsWith(QLatin1Char('/'))) {
        m_settingsError =
            makeError(ErrorCode::Usage, tr("'%1' does not name a chain: give s3://BUCKET/KEY, where KEY is the full "
                                           "snapshot's object (e.g. s3://backups/tidemark/node1).")
                                            .arg(location));
        return;
    }
    auto settings = S3Settings::resolve(m_path);
    if (!settings)
        m_settingsError = settings.error();
    else
        m_settings = settings.takeValue();
}

qint64 S3ChainStore::partSize(int number)
{
    const int doublings = std::min((std::max(number, 1) - 1) / 1000, 9);
    return kFirstPartSize << doublings;
}

QString S3ChainStore::lockKey() const
{
    return m_url.key + QStringLiteral(".lock");
}

QString S3ChainStore::linkKey(int number) const
{
    return number < 0 ? m_url.key : m_url.key + QLatin1Char('.') + QString::number(number);
}

Result<std::unique_ptr<S3Client>> S3ChainStore::client() const
{
    if (m_settingsError)
        return *m_settingsError;
    return std::make_unique<S3Client>(m_settings, m_url.bucket);
}

Result<std::vector<S3Client::Object>> S3ChainStore::probe(const std::optional<S3Client::Retry> &retry) const
{
    auto c = client();
    if (!c)
        return c.error();
    if (retry)
        c.value()->setRetry(*retry);
    return c.value()->list(m_url.key, 100);
}

Result<ChainStore::Listing> S3ChainStore::list() const
{
    auto c = client();
    if (!c)
        return c.error();
    auto objects = c.value()->list(m_url.key);
    if (!objects)
        return objects.error();
    Listing listing;
    std::vector<LinkEntry> incrementals;
    const QString prefix = m_url.key + QLatin1Char('.');
    for (const S3Client::Object &o : objects.value()) {
        if (o.key == m_url.key) {
            listing.links.insert(listing.links.begin(), {-1, o.size});
        } else if (o.key.startsWith(prefix)) {
            const int n = linkNumber(QStringView(o.key).sliced(prefix.size()));
            if (n >= 0)
                incrementals.push_back({n, o.size});
        }
    }
    std::sort(incrementals.begin(), incrementals.end(),
              [](const LinkEntry &a, const LinkEntry &b) { return a.number < b.number; });
    listing.links.insert(listing.links.end(), incrementals.begin(), incrementals.end());
    if (auto uploads = c.value()->listUploads(m_url.key)) {
        for (const S3Client::Upload &u : uploads.value()) {
            if (u.key == m_url.key ||
                (u.key.startsWith(prefix) && linkNumber(QStringView(u.key).sliced(prefix.size())) >= 0))
                listing.leftovers << tr("%1 (unfinished upload %2)").arg(c.value()->describe(u.key), u.uploadId);
        }
    }
    return listing;
}

Result<std::unique_ptr<QIODevice>> S3ChainStore::openLink(int number) const
{
    auto c = client();
    if (!c)
        return c.error();
    const QString key = linkKey(number);
    auto head = c.value()->head(key);
    if (!head) {
        Error e = head.error();
        if (e.code == ErrorCode::NotFound && e.hint.isEmpty())
            e.message = tr("Cannot open backup '%1': no such object.").arg(c.value()->describe(key));
        return e;
    }
    auto device = std::make_unique<S3LinkDevice>(c.takeValue(), key, head->size, head->etag);
    device->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    return std::unique_ptr<QIODevice>(std::move(device));
}

Result<std::unique_ptr<ChainStore::Writer>> S3ChainStore::createLink(int number)
{
    auto control = client();
    if (!control)
        return control.error();
    auto parts = client();
    if (!parts)
        return parts.error();
    const QString key = linkKey(number);
    auto id = control.value()->createUpload(key);
    if (!id)
        return id.error();
    return std::unique_ptr<Writer>(std::make_unique<S3Writer>(control.takeValue(), parts.takeValue(), key,
                                                              id.takeValue(), lockKey(), m_lockToken));
}

Status S3ChainStore::removeLink(int number)
{
    auto c = client();
    if (!c)
        return c.error();
    return c.value()->remove(linkKey(number));
}

Result<std::unique_ptr<ChainStore::Lock>> S3ChainStore::lock()
{
    auto c = client();
    if (!c)
        return c.error();
    S3Client &s3 = *c.value();
    const QString key = lockKey();
    auto current = s3.getWithEtag(key);
    // Written only if the key is still free, or still holds the stale lock just read: of two
    // writers that race for it, the store lets one through (412 for the other).
    QByteArray stale; // The ETag of the lock read, if any.
    if (current) {
        stale = current->second.isEmpty() ? QByteArray("*") : current->second; // "*": it exists.
        const QJsonObject o = QJsonDocument::fromJson(current->first).object();
        const QString host = o.value(QLatin1String("host")).toString();
        const qint64 pid = o.value(QLatin1String("pid")).toInteger();
        const QDateTime expires = QDateTime::fromString(o.value(QLatin1String("expires")).toString(), Qt::ISODate);
        const bool expired = !expires.isValid() || expires < QDateTime::currentDateTimeUtc();
        const bool deadHere = host == QHostInfo::localHostName() && !processRuns(pid);
        if (!expired && !deadHere)
            return makeError(ErrorCode::Busy,
                             tr("Another backup is writing the chain '%1' (process %2 on %3, lock held until %4).")
                                 .arg(m_path)
                                 .arg(pid)
                                 .arg(host, expires.toLocalTime().toString(Qt::ISODate)),
                             tr("Wait for it to finish; a lock whose holder died expires by itself (or remove the "
                                "object '%1' if no backup runs).")
                                 .arg(s3.describe(key)));
    } else if (current.error().code != ErrorCode::NotFound) {
        return current.error();
    }
    const QByteArray token = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QByteArray body = S3Lock::make(token);
    const auto taken = [&] {
        return makeError(ErrorCode::Busy,
                         tr("Another backup took the lock of the chain '%1' at the same time.").arg(m_path),
                         tr("Wait for it to finish."));
    };
    QByteArray etag;
    auto put = s3.putIf(key, body, stale, &etag);
    if (!put)
        return put.error();
    if (put.value() == S3Client::Put::ConditionFailed) {
        // A store whose If-Match does not match its own ETags refuses even an unchanged object:
        // then the object read is still there, and a plain PUT (checked by the read-back) does.
        auto again = s3.getWithEtag(key);
        if (stale.isEmpty() || !again || again->second != stale)
            return taken();
        if (Status s = s3.put(key, body); !s)
            return s.error();
        etag.clear();
    }
    // Read back, for stores that ignore conditional PUTs: of two writers that raced, the later
    // PUT wins and the other gives way.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto back = s3.get(key);
    if (!back)
        return back.error();
    if (lockToken(back.value()) != token)
        return taken();
    m_lockToken = token;
    return std::unique_ptr<Lock>(std::make_unique<S3Lock>(c.takeValue(), key, body, token, etag));
}

void S3ChainStore::removeLeftovers()
{
    auto c = client();
    if (!c)
        return;
    const QString prefix = m_url.key + QLatin1Char('.');
    if (auto uploads = c.value()->listUploads(m_url.key)) {
        for (const S3Client::Upload &u : uploads.value()) {
            if (u.key == m_url.key ||
                (u.key.startsWith(prefix) && linkNumber(QStringView(u.key).sliced(prefix.size())) >= 0))
                (void)c.value()->abortUpload(u.key, u.uploadId);
        }
    }
}

void S3ChainStore::removeDeadScratch()
{
    LocalScratch::removeLeftovers(scratchAnchor());
}

Result<std::unique_ptr<ChainStore::Scratch>> S3ChainStore::scratch() const
{
    auto scratch = LocalScratch::create(scratchAnchor());
    if (!scratch)
        return scratch.error();
    return std::unique_ptr<Scratch>(scratch.takeValue());
}

Result<std::optional<QByteArray>> S3ChainStore::readSidecar(const QString &name) const
{
    auto c = client();
    if (!c)
        return c.error();
    auto bytes = c.value()->get(m_url.key + QLatin1Char('.') + name);
    if (!bytes) {
        // A missing object (not a missing bucket, whose error has a hint) is no sidecar.
        if (bytes.error().code == ErrorCode::NotFound && bytes.error().hint.isEmpty())
            return std::optional<QByteArray>();
        return bytes.error();
    }
    return std::optional<QByteArray>(bytes.takeValue());
}

Status S3ChainStore::writeSidecar(const QString &name, const QByteArray &bytes)
{
    auto c = client();
    if (!c)
        return c.error();
    return c.value()->put(m_url.key + QLatin1Char('.') + name, bytes); // A PUT replaces the object at once.
}

Status S3ChainStore::removeSidecar(const QString &name)
{
    auto c = client();
    if (!c)
        return c.error();
    return c.value()->remove(m_url.key + QLatin1Char('.') + name);
}

} // namespace tidemark
