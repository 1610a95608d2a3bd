#include "Keyring.h"

#include <QObject>

#include <qt6keychain/keychain.h>

namespace tidemark::ui {

namespace {

Keyring::Answer answerOf(const QKeychain::Job &job)
{
    Keyring::Answer answer;
    switch (job.error()) {
    case QKeychain::NoError:
        answer.outcome = Keyring::Outcome::Ok;
        break;
    case QKeychain::EntryNotFound:
        answer.outcome = Keyring::Outcome::NotFound;
        break;
    // Without a Secret Service on the session bus (or without a session bus) QtKeychain 0.13
    // answers OtherError ("Unknown error"), not NoBackendAvailable: both mean no keyring.
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        answer.outcome = Keyring::Outcome::NoKeyring;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        answer.outcome = Keyring::Outcome::Failed;
        break;
    }
    if (answer.outcome != Keyring::Outcome::Ok)
        answer.error = job.errorString();
    return answer;
}

// Runs `job` and calls `done` with its answer (and, for a read, the secret) unless `context` went.
void run(QKeychain::Job *job, QObject *context, const Keyring::Done &done)
{
    job->setAutoDelete(true); // deleted once finished() was emitted
    QObject::connect(job, &QKeychain::Job::finished, context, [done](QKeychain::Job *finished) {
        Keyring::Answer answer = answerOf(*finished);
        if (answer.outcome == Keyring::Outcome::Ok) {
            if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
                answer.secret = read->textData();
        }
        done(answer);
    });
    job->start();
}

class QtKeychainKeyring final : public Keyring {
public:
    void read(const QString &key, QObject *context, Done done) override
    {
        auto *job = new QKeychain::ReadPasswordJob(service());
        job->setKey(key);
        run(job, context, done);
    }
    void write(const QString &key, const QString &secret, QObject *context, Done done) override
    {
        auto *job = new QKeychain::WritePasswordJob(service());
        job->setKey(key);
        job->setTextData(secret);
        run(job, context, done);
    }
    void remove(const QString &key, QObject *context, Done done) override
    {
        auto *job = new QKeychain::DeletePasswordJob(service());
        job->setKey(key);
        run(job, context, done);
    }
};

Keyring *g_instance = nullptr;

} // namespace

void Keyring::check(QObject *context, const Done &done)
{
    read(QStringLiteral("tidemark-keyring-check"), context, [done](const Answer &answer) {
        Answer checked = answer;
        if (answer.outcome == Outcome::NotFound) {
            checked.outcome = Outcome::Ok;
            checked.error.clear();
        }
        checked.secret.clear();
        done(checked);
    });
}

Keyring &Keyring::instance()
{
    static QtKeychainKeyring qtKeychain;
    return g_instance ? *g_instance : qtKeychain;
}

void Keyring::setInstance(Keyring *keyring)
{
    g_instance = keyring;
}

QString Keyring::keyFor(const QString &location, const QString &accessKey)
{
    return location + QLatin1Char(' ') + accessKey;
}

QString Keyring::keyForChainPassphrase(const QString &location)
{
    return QStringLiteral("chain-passphrase ") + location;
}

QString Keyring::keyForNodeToken(const QString &nodeId)
{
    return QStringLiteral("node-token ") + nodeId;
}

QString Keyring::service()
{
    return QStringLiteral("tidemark");
}

QString Keyring::describe(const Answer &answer)
{
    switch (answer.outcome) {
    case Outcome::Ok:
    case Outcome::NotFound:
        return {};
    case Outcome::NoKeyring:
        return tr("No system keyring is running (QtKeychain: %1).").arg(answer.error);
    case Outcome::Failed:
        break;
    }
    return tr("The system keyring refused (QtKeychain: %1).").arg(answer.error);
}

} // namespace tidemark::ui
