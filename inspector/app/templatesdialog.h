// TemplatesDialog: rename, regroup, reorder and delete saved templates. SaveTemplateDialog: the
// name and group asked by the composer's "Save as template…".
#ifndef TEMPLATESDIALOG_H
#define TEMPLATESDIALOG_H

#include <QtWidgets/QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class TemplateStore;
class TemplatesModel;

/*!
    Manages the templates of a TemplateStore: a list that can be reordered by drag and drop or
    with Up/Down, and fields to rename and regroup the selected template. Every change is
    applied to the store at once.
*/
class TemplatesDialog : public QDialog {
    Q_OBJECT
public:
    explicit TemplatesDialog(TemplateStore *store, QWidget *parent = nullptr);
    ~TemplatesDialog() override;

    int currentRow() const;
    void setCurrentRow(int row);

public Q_SLOTS:
    void moveUp();
    void moveDown();
    void removeCurrent();

private:
    void currentChanged();
    void applyName();
    void applyGroup();
    void applyAction();
    void updateGroups();

    TemplateStore *m_store;
    TemplatesModel *m_model;
    QListView *m_list;
    QLineEdit *m_name;
    QComboBox *m_group;
    QLineEdit *m_action;
    QPlainTextEdit *m_body;
    QPushButton *m_up;
    QPushButton *m_down;
    QPushButton *m_remove;
    Q_DISABLE_COPY(TemplatesDialog)
};

/*!
    Asks for a template's name and group (an existing group or a new one). A name already used
    in that group replaces the template, which the dialog says.
*/
class SaveTemplateDialog : public QDialog {
    Q_OBJECT
public:
    explicit SaveTemplateDialog(TemplateStore *store, QWidget *parent = nullptr);
    ~SaveTemplateDialog() override;

    QString name() const;
    void setName(const QString &name);
    QString group() const;
    void setGroup(const QString &group);

private:
    void updateState();

    TemplateStore *m_store;
    QLineEdit *m_name;
    QComboBox *m_group;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
    Q_DISABLE_COPY(SaveTemplateDialog)
};

#endif // TEMPLATESDIALOG_H
