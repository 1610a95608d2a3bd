// The window on an S3 chain as on a local one, against FakeS3 (tests/support: a scripted S3
// server in memory) and a real tidemarkd: Add location… with the S3 page, Back up now twice (the
// chain drawn link by link from the objects), Verify chain, the restore wizard's first page
// verifies it and its command line names the endpoint; a chain the store refuses shows why.
// FakeS3 checks no signature: a real store (Ceph) is for the tests that need one.
#include "support/FakeS3.h"
#include "support/NodeData.h"
#include "support/NodeProcess.h"
#include "support/WidgetProbe.h"

#include "ChainPane.h"
#include "ChainView.h"
#include "ContentsDialog.h"
#include "LocationDialog.h"
#include "MainWindow.h"
#include "NodeStore.h"
#include "RestoreChainPage.h"
#include "RestoreConfigPage.h"
#include "RestoreWizard.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QToolButton>

#include <memory>

using namespace tidemark;
using namespace tidemark::ui;

class TestS3Location : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    NodeProcess m_node;
    tidemark::test::FakeS3 m_s3;
    std::unique_ptr<MainWindow> m_window;
    QString m_nodeId;

    static QString location() { return QStringLiteral("s3://backups/tidemark/node1"); }
    QPushButton *button(const char *name) const
    {
        return m_window->findChild<QPushButton *>(QString::fromLatin1(name));
    }
    QString status() const { return m_window->findChild<QLabel *>(QStringLiteral("chainStatus"))->text(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        for (const char *name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                                 "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"})
            qunsetenv(name);
        qputenv("AWS_SHARED_CREDENTIALS_FILE", m_settingsDir.filePath(QStringLiteral("no-credentials")).toUtf8());
        qputenv("AWS_CONFIG_FILE", m_settingsDir.filePath(QStringLiteral("no-config")).toUtf8());
        qputenv("TIDEMARK_S3_RETRIES", "2");
        qputenv("TIDEMARK_S3_BACKOFF_MS", "10");
        QString error;
        QVERIFY2(m_s3.start(&error), qPrintable(error));
        m_s3.createBucket(QStringLiteral("backups"));
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("gui")));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 6, 10));
        m_window = std::make_unique<MainWindow>();
        m_nodeId = m_window->nodeStore()->save({QString(), QStringLiteral("node1"), m_node.snapshotHost(), {}, 24});
        m_window->selectNode(m_nodeId);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void addS3LocationThroughDialog()
    {
        QTest::mouseClick(button("addLocationButton"), Qt::LeftButton);
        auto *dialog = m_window->findChild<LocationDialog *>(QStringLiteral("locationDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->setS3(true);
        const auto set = [dialog](const char *name, const QString &text) {
            dialog->findChild<QLineEdit *>(QString::fromLatin1(name))->setText(text);
        };
        set("endpointEdit", m_s3.endpoint());
        set("bucketEdit", QStringLiteral("backups"));
        set("keyEdit", QStringLiteral("tidemark/node1"));
        set("accessKeyEdit", QStringLiteral("AKIDEXAMPLE"));
        set("secretKeyEdit", QStringLiteral("secret"));
        QSignalSpy tested(dialog, &LocationDialog::testFinished);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("testConnectionButton")), Qt::LeftButton);
        QVERIFY(tested.wait(30000));
        QVERIFY2(tested.first().at(0).toBool(), qPrintable(tested.first().at(1).toString()));
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(m_window->currentLocation(), location());
        QVERIFY(m_window->nodeStore()->s3Location(location()));
        QTRY_VERIFY2_WITH_TIMEOUT(status().contains(QStringLiteral("Empty")), qPrintable(status()), 30000);
        QVERIFY2(status().contains(location()), qPrintable(status()));
        QVERIFY(button("backupButton")->isEnabled());
        QVERIFY(!button("openFolderButton")->isEnabled());
    }

    void backUpTwiceDrawsTheChain()
    {
        QVERIFY(backUpThroughButton(*m_window));
        QCOMPARE(m_window->chainView()->count(), 1);
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 1, 11));
        QVERIFY(backUpThroughButton(*m_window));
        QCOMPARE(m_window->chainView()->count(), 2);
        const QString card = m_window->chainView()->cardButton(1)->text();
        QVERIFY2(card.startsWith(QStringLiteral("Incremental .0")) && card.contains(QStringLiteral("node1.0")),
                 qPrintable(card));
        QVERIFY2(status().contains(QStringLiteral("next backup goes to s3://backups/tidemark/node1.1")),
                 qPrintable(status()));
        QCOMPARE(m_s3.keys(QStringLiteral("backups")),
                 (QStringList{QStringLiteral("tidemark/node1"), QStringLiteral("tidemark/node1.0")}));
        // The node's last backup comes from the S3 chain too.
        const QString node = m_window->findChild<QListWidget *>(QStringLiteral("nodeList"))->item(0)->text();
        QVERIFY2(node.contains(QStringLiteral("last backup")) && !node.contains(QStringLiteral("no backup yet")),
                 qPrintable(node));
    }

    void verifyChain()
    {
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button("verifyButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY(finished.first().first().toBool());
        QTRY_VERIFY(m_window->chainView()->cardButton(1)->text().contains(QStringLiteral("verified")));
    }

    void contentsOfTheS3Chain()
    {
        // Contents… reads the S3 chain up to its newest link through the location's settings.
        m_window->chainView()->selectLink(1);
        QTRY_VERIFY(button("contentsButton")->isEnabled());
        ContentsDialog *contents = m_window->chainPane()->openContents();
        QVERIFY(contents);
        QCOMPARE(contents->chain(), QStringLiteral("s3://backups/tidemark/node1"));
        QCOMPARE(contents->upto(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!contents->isReading(), 60000);
        QVERIFY2(contents->contents(), qPrintable(contents->error().message));
        QCOMPARE(contents->tree()->topLevelItemCount(), 1);
        QCOMPARE(contents->tree()->topLevelItem(0)->text(ContentsDialog::NameColumn), QStringLiteral("gui"));
        contents->close();
    }

    void restoreWizardReadsTheS3Chain()
    {
        QTest::mouseClick(button("restoreButton"), Qt::LeftButton);
        RestoreWizard *wizard = nullptr;
        QTRY_VERIFY((wizard = m_window->findChild<RestoreWizard *>()) && wizard->isVisible());
        auto *page = qobject_cast<RestoreChainPage *>(wizard->currentPage());
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->isVerified(), 120000);
        const QString verified = page->findChild<QLabel *>(QStringLiteral("chainStatus"))->text();
        QVERIFY2(verified.startsWith(QStringLiteral("✔")), qPrintable(verified));
        wizard->button(QWizard::NextButton)->click();
        auto *config = qobject_cast<RestoreConfigPage *>(wizard->currentPage());
        QVERIFY(config);
        QSignalSpy checked(config, &RestoreConfigPage::checked);
        config->findChild<QLineEdit *>(QStringLiteral("configPathEdit"))->setText(m_node.configPath());
        config->check();
        QVERIFY(checked.wait(60000));
        // The node runs, so it is not restored here; the command names the S3 chain's endpoint.
        const QString command = config->findChild<QLineEdit *>(QStringLiteral("cliCommand"))->text();
        QVERIFY2(command.contains(location()) &&
                     command.contains(QStringLiteral("--s3-endpoint %1 --s3-path-style").arg(m_s3.endpoint())),
                 qPrintable(command));
        QVERIFY(!command.contains(QStringLiteral("secret")));
        wizard->close();
    }

    void aRefusingStoreShowsWhy()
    {
        m_s3.refuseAll(403, "InvalidAccessKeyId");
        QSignalSpy reloaded(m_window.get(), &MainWindow::chainsReloaded);
        m_window->chainPane()->reloadChains();
        QVERIFY(reloaded.wait(30000));
        QVERIFY2(status().contains(QStringLiteral("Cannot read this chain")) &&
                     status().contains(QStringLiteral("does not know the access key 'AKIDEXAMPLE'")),
                 qPrintable(status()));
        m_s3.clearFaults();
    }
};

QTEST_MAIN(TestS3Location)
#include "tst_s3location.moc"
