#pragma once

#include "Keyring.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <utility>
#include <vector>

/// A keyring in memory for the GUI tests (Keyring::setInstance). Answers later on the event loop,
/// as QtKeychain does; reads answer only when `hold` is off (release() answers those waiting).
/// With `running` off every call answers NoKeyring, as where no Secret Service runs.
class MemoryKeyring final : public tidemark::ui::Keyring {
public:
    QHash<QString, QString> secrets;
    bool hold = false;
    bool running = true;
    int writes = 0;

    void read(const QString &key, QObject *context, Done done) override
    {
        m_waiting.push_back({context, [this, key, done] {
                                 if (!running) {
                                     done(noKeyring());
                                     return;
                                 }
                                 const auto it = secrets.constFind(key);
                                 done(it == secrets.cend() ? Answer{Outcome::NotFound, {}, QStringLiteral("not found")}
                                                           : Answer{Outcome::Ok, *it, {}});
                             }});
        if (!hold)
            QTimer::singleShot(0, context, [this] { release(); });
    }
    void write(const QString &key, const QString &secret, QObject *context, Done done) override
    {
        if (running) {
            secrets.insert(key, secret);
            ++writes;
        }
        QTimer::singleShot(0, context, [this, done] { done(running ? Answer{Outcome::Ok, {}, {}} : noKeyring()); });
    }
    void remove(const QString &key, QObject *context, Done done) override
    {
        if (running)
            secrets.remove(key);
        QTimer::singleShot(0, context, [this, done] { done(running ? Answer{Outcome::Ok, {}, {}} : noKeyring()); });
    }
    void release()
    {
        auto waiting = std::move(m_waiting);
        m_waiting.clear();
        for (const auto &[context, answer] : waiting) {
            if (context)
                answer();
        }
    }

private:
    static Answer noKeyring() { return {Outcome::NoKeyring, {}, QStringLiteral("no Secret Service (test)")}; }

    std::vector<std::pair<QPointer<QObject>, std::function<void()>>> m_waiting;
};
