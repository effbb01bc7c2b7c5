// AboutDialog: the inspector's name, version, purpose and the Qt it runs on.
#ifndef ABOUTDIALOG_H
#define ABOUTDIALOG_H

#include <QtWidgets/QDialog>

class QLabel;

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    //! The version shown: QTDRS_VERSION_STRING when the build defines it.
    static QString version();

private:
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_text;
    Q_DISABLE_COPY(AboutDialog)
};

#endif // ABOUTDIALOG_H
