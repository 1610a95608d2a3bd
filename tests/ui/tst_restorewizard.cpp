// The restore wizard end to end against a real node's config: a chain taken from a real
// tidemarkd (full + one incremental), data written after the backup, preflight refusing while
// the node runs, then stopped: plan, confirmation, restore, result; the node starts on the
// restored data and holds exactly what the backup held.
#include "support/NodeData.h"

#include "RestoreChainPage.h"
#include "RestoreConfigPage.h"
#include "RestoreWizard.h"
#include "backup/BackupJob.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <unistd.h>

using namespace tidemark;
using namespace tidemark::ui;

class TestRestoreWizard : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backupDir;
    NodeProcess m_node;

    QString chainPath() const { return m_backupDir.filePath(QStringLiteral("node1")); }

    bool backup()
    {
        BackupJob::Options options;
        options.host = HostPort{QStringLiteral("127.0.0.1"), m_node.snapshotPort()};
        options.path = chainPath();
        BackupJob job(options);
        return job.run().ok();
    }

    QStringList findingTexts(QWizardPage *page) const
    {
        QStringList texts;
        for (QLabel *label : page->findChildren<QLabel *>(QStringLiteral("finding")))
            texts << label->text();
        return texts;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_backupDir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("kept")));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("kept"), 1, 10));
        QVERIFY(backup());
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("kept"), 1, 11));
        QVERIFY(backup());
        QVERIFY(QFileInfo::exists(chainPath() + QStringLiteral(".0")));
        // Written after the last backup: the restore must not bring it back.
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("after")));
    }

    void cleanupTestCase() { m_node.stop(); }

    void endToEnd()
    {
        RestoreWizard wizard(chainPath());
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QAbstractButton *next = wizard.button(QWizard::NextButton);
        QAbstractButton *commit = wizard.button(QWizard::CommitButton);

        // 1. The chain: verified, and the choice of how far.
        QCOMPARE(wizard.currentId(), int{RestoreWizard::ChainPageId});
        auto *chainPage = qobject_cast<RestoreChainPage *>(wizard.currentPage());
        QVERIFY(!next->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(chainPage->isVerified(), 60000);
        QVERIFY(next->isEnabled());
        auto *upto = chainPage->findChild<QComboBox *>(QStringLiteral("uptoCombo"));
        QCOMPARE(upto->count(), 2); // everything, or the full snapshot only
        QVERIFY(upto->itemText(1).startsWith(QStringLiteral("The full snapshot only")));
        QVERIFY(chainPage->findChild<QLabel *>(QStringLiteral("chainStatus"))->text().contains(QStringLiteral("✔")));
        upto->setCurrentIndex(0);
        QTest::mouseClick(next, Qt::LeftButton);

        // 2. The config: preflight refuses while the node runs, with the fix inline.
        QCOMPARE(wizard.currentId(), int{RestoreWizard::ConfigPageId});
        auto *configPage = qobject_cast<RestoreConfigPage *>(wizard.currentPage());
        configPage->findChild<QLineEdit *>(QStringLiteral("configPathEdit"))->setText(m_node.configPath());
        configPage->findChild<QLineEdit *>(QStringLiteral("ownerEdit"))->setText(NodeData::currentUser());
        QSignalSpy checked(configPage, &RestoreConfigPage::checked);
        configPage->check();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 60000);
        QCOMPARE(checked.takeFirst().first().toBool(), false);
        QVERIFY(!next->isEnabled());
        const QString findings = findingTexts(configPage).join(QLatin1Char('\n'));
        QVERIFY2(findings.contains(QStringLiteral("The node is running")), qPrintable(findings));
        QVERIFY2(findings.contains(QStringLiteral("Stop tidemarkd first")), qPrintable(findings));
        const QString command = configPage->findChild<QLineEdit *>(QStringLiteral("cliCommand"))->text();
        QCOMPARE(command, QStringLiteral("tidemark-cli restore -config %1 %2 --owner %3 --dry-run")
                              .arg(m_node.configPath(), chainPath(), NodeData::currentUser()));

        QCOMPARE(m_node.stop(), 0);
        configPage->check();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 60000);
        QVERIFY2(checked.takeFirst().first().toBool(), qPrintable(findingTexts(configPage).join(QLatin1Char('\n'))));
        QVERIFY(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);

        // 3. The plan, and nothing happens without the explicit confirmation.
        QCOMPARE(wizard.currentId(), int{RestoreWizard::PlanPageId});
        QCOMPARE(wizard.plan().links.size(), qsizetype{2});
        auto *tree = wizard.currentPage()->findChild<QTreeWidget *>(QStringLiteral("planTree"));
        QCOMPARE(tree->topLevelItemCount(), 4);
        QCOMPARE(tree->topLevelItem(0)->childCount(), 2); // broker and data dirs
        QCOMPARE(tree->topLevelItem(1)->childCount(), static_cast<int>(wizard.plan().writes.size()));
        QVERIFY(commit->isVisible());
        QVERIFY(!commit->isEnabled());
        wizard.currentPage()->findChild<QCheckBox *>(QStringLiteral("confirmCheck"))->setChecked(true);
        QVERIFY(commit->isEnabled());
        QSignalSpy finished(&wizard, &RestoreWizard::restoreFinished);
        QTest::mouseClick(commit, Qt::LeftButton);

        // 4 and 5. Progress, then the result with the next step.
        QTRY_COMPARE_WITH_TIMEOUT(wizard.currentId(), int{RestoreWizard::ResultPageId}, 120000);
        QCOMPARE(finished.size(), 1);
        QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(wizard.currentPage()
                    ->findChild<QLabel *>(QStringLiteral("resultHeadline"))
                    ->text()
                    .contains(QStringLiteral("Restored")));
        QCOMPARE(wizard.currentPage()->findChild<QLineEdit *>(QStringLiteral("startCommand"))->text(),
                 QStringLiteral("tidemarkd -config ") + m_node.configPath());

        // The restored directories exist, belong to the chosen owner, and the node runs on them.
        QVERIFY(QDir(m_node.dataDir()).exists());
        QVERIFY(QDir(m_node.brokerDir()).exists());
        QCOMPARE(QFileInfo(m_node.dataDir()).ownerId(), ::geteuid());
        QVERIFY(!QFileInfo::exists(m_node.dataDir() + QStringLiteral(".restore-old")));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        const auto databases = m_node.request("POST", QStringLiteral("/query?q=SHOW+DATABASES"));
        QCOMPARE(databases.status, 200);
        QVERIFY2(databases.body.contains("kept"), databases.body.constData());
        QVERIFY2(!databases.body.contains("after"), databases.body.constData());
    }

    // Cancel while the restore writes: the wizard closes once RestoreEngine has rolled back, and the
    // node's directories are exactly as before (a database created after the backup survives).
    void cancelDuringRestoreKeepsTheNode()
    {
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("big")));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("big"), 48, 30));
        const QString bigChain = m_backupDir.filePath(QStringLiteral("big"));
        {
            BackupJob::Options options;
            options.host = HostPort{QStringLiteral("127.0.0.1"), m_node.snapshotPort()};
            options.path = bigChain;
            BackupJob job(options);
            QVERIFY(job.run().ok());
        }
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("survivor")));
        QCOMPARE(m_node.stop(), 0);

        RestoreWizard wizard(bigChain);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        auto *chainPage = qobject_cast<RestoreChainPage *>(wizard.currentPage());
        QTRY_VERIFY_WITH_TIMEOUT(chainPage->isVerified(), 60000);
        wizard.next();
        auto *configPage = qobject_cast<RestoreConfigPage *>(wizard.currentPage());
        configPage->findChild<QLineEdit *>(QStringLiteral("configPathEdit"))->setText(m_node.configPath());
        configPage->findChild<QLineEdit *>(QStringLiteral("ownerEdit"))->setText(NodeData::currentUser());
        configPage->check();
        QTRY_VERIFY_WITH_TIMEOUT(configPage->isChecked(), 60000);
        wizard.next();
        wizard.currentPage()->findChild<QCheckBox *>(QStringLiteral("confirmCheck"))->setChecked(true);
        QSignalSpy finished(&wizard, &RestoreWizard::restoreFinished);
        bool cancelled = false;
        connect(wizard.task(), &RestoreSession::progressChanged, &wizard, [&](const QString &stage) {
            if (!cancelled && stage.startsWith(QStringLiteral("writing"))) {
                cancelled = true;
                wizard.reject(); // the wizard's Cancel button
            }
        });
        QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QVERIFY(cancelled);
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(wizard.outcome().error.code, ErrorCode::Cancelled);
        QTRY_VERIFY(!wizard.isVisible());
        QCOMPARE(wizard.result(), int{QDialog::Rejected});

        QVERIFY(!QFileInfo::exists(m_node.dataDir() + QStringLiteral(".restore-new")));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        const auto databases = m_node.request("POST", QStringLiteral("/query?q=SHOW+DATABASES"));
        QVERIFY2(databases.body.contains("survivor"), databases.body.constData());
    }
};

QTEST_MAIN(TestRestoreWizard)
#include "tst_restorewizard.moc"
