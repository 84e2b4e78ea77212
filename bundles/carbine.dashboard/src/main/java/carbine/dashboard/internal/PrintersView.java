package carbine.dashboard.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldBase;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import carbine.api.telemetry.TelemetrySample;

/**
 * Printers → Add: pick the kind, fill in the form the driver's metatype describes, <b>Test connection</b> (one read,
 * nothing saved), <b>Save</b> (a file {@code conf/<factoryPid>-<printerId>.cfg}; the printer is polled within a
 * second or two). Below, the printers configured by such files, each with <b>Edit</b> (the same form, filled in
 * from the file; the id stays, an empty secret keeps the saved one) and <b>Remove</b> (deletes the file).
 * Secrets are typed into password fields and never shown back.
 */
@Route(value = "printers", layout = MainLayout.class)
@PageTitle("Carbine — printers")
public class PrintersView extends RefreshingView {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PrintersView.class);

    private final Div kinds = new Div();
    private final Div form = new Div();
    private final Div result = new Div();
    private final Div saved = new Div();
    private String kindsSignature = "";
    private String savedSignature = "";

    public PrintersView() {
        addClassName("printers");
        kinds.addClassName("kinds");
        form.addClassName("printer-form");
        result.addClassName("result");
        saved.addClassName("saved-printers");
        add(new H2("Add a printer"), kinds, form, result, new H2("Printers added from files in conf/"), saved);
    }

    @Override
    protected void refresh(Platform platform, Instant now) {
        List<Platform.Kind> available = platform.printerKinds();
        String k = available.stream().map(Platform.Kind::factoryPid).toList().toString();
        if (!k.equals(kindsSignature)) {
            kindsSignature = k;
            kinds.removeAll();
            if (available.isEmpty()) {
                kinds.add(new Span("No driver that can add printers is installed."));
            }
            for (Platform.Kind kind : available) {
                Button pick = new Button(kind.label(), e -> showForm(kind, null));
                pick.addClassName("kind");
                pick.getElement().setAttribute("data-kind", kind.factoryPid());
                kinds.add(pick);
            }
        }
        showSaved(platform, available);
    }

    /** The form of a kind: empty for Add ({@code editing} null), filled in from the printer's file for Edit. */
    private void showForm(Platform.Kind kind, PrinterFiles.Saved editing) {
        form.removeAll();
        result.setText("");
        Map<String, String> current = Map.of();
        if (editing != null) {
            try {
                current = PrinterFiles.read(editing.file());
            } catch (IOException e) {
                show(false, "Could not read " + editing.file() + ": " + e);
                return;
            }
        }
        form.getElement().setAttribute("data-kind", kind.factoryPid());
        form.getElement().setAttribute("data-editing", editing == null ? "" : editing.printerId());
        form.add(new H3(editing == null ? kind.label() : "Edit " + editing.printerId() + " (" + kind.label() + ")"));
        Map<String, TextFieldBase<?, String>> inputs = new LinkedHashMap<>();
        for (Platform.Field f : kind.fields()) {
            TextFieldBase<?, String> input = f.secret() ? new PasswordField(f.name()) : new TextField(f.name());
            input.setRequiredIndicatorVisible(f.required() && !(editing != null && f.secret()));
            input.setHelperText(editing != null && f.secret() && current.containsKey(f.id())
                    ? "Saved; leave empty to keep it, type to replace it." : f.description());
            if (!f.secret()) input.setValue(current.getOrDefault(f.id(), f.defaultValue()));
            if (editing != null && f.id().equals("printerId")) {
                input.setValue(editing.printerId());
                input.setReadOnly(true); // the id names the file and the printer's history: remove and add to rename
            }
            input.addClassName("field");
            input.getElement().setAttribute("data-field", f.id());
            input.setWidthFull();
            inputs.put(f.id(), input);
            form.add(input);
        }
        Button test = new Button("Test connection", e -> test(kind, editing, inputs));
        test.addClassName("test");
        Button save = new Button("Save", e -> {
            if (editing == null) {
                save(kind, inputs);
            } else {
                update(kind, editing, inputs);
            }
        });
        save.addClassName("save");
        form.add(new Div(test, save));
    }

    private static Map<String, String> values(Map<String, TextFieldBase<?, String>> inputs) {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((id, input) -> values.put(id, input.getValue() == null ? "" : input.getValue().trim()));
        return values;
    }

    /** One read with the form's values; when editing, an empty secret is the saved one (read here, never shown). */
    private void test(Platform.Kind kind, PrinterFiles.Saved editing, Map<String, TextFieldBase<?, String>> inputs) {
        Map<String, String> stored = Map.of();
        if (editing != null) {
            try {
                stored = PrinterFiles.read(editing.file());
            } catch (IOException e) {
                show(false, "Could not read " + editing.file() + ": " + e);
                return;
            }
        }
        List<String> secrets = secrets(kind);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values(inputs).entrySet()) {
            boolean keep = e.getValue().isEmpty() && secrets.contains(e.getKey());
            String value = keep ? stored.getOrDefault(e.getKey(), "") : e.getValue();
            if (!value.isEmpty()) settings.put(e.getKey(), value);
        }
        try {
            TelemetrySample s = kind.trial().tryOnce(settings);
            show(true, "Read " + s.printerId() + ": " + s.state() + ", nozzle " + Format.temp(s.nozzleActual(), s.nozzleTarget())
                    + ", bed " + Format.temp(s.bedActual(), s.bedTarget())
                    + (s.error() == null ? "" : ", error: " + s.error()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            show(false, "Interrupted");
        } catch (Exception | LinkageError e) {
            show(false, "Could not read the printer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private void save(Platform.Kind kind, Map<String, TextFieldBase<?, String>> inputs) {
        if (!Access.checkOperate("Saving a printer")) {
            return;
        }
        Map<String, String> values = values(inputs);
        for (Platform.Field f : kind.fields()) {
            if (f.required() && values.getOrDefault(f.id(), "").isEmpty()) {
                show(false, f.name() + " is required.");
                return;
            }
        }
        String printerId = values.getOrDefault("printerId", "");
        Platform platform = Platform.current();
        if (platform.fleet().map(fl -> fl.printers().stream().anyMatch(p -> p.printerId().equals(printerId))).orElse(false)) {
            show(false, "A printer with the id " + printerId + " is already polled: choose another id.");
            return;
        }
        try {
            Path file = PrinterFiles.create(platform.confDirectory(), kind.factoryPid(), printerId, values);
            LOG.info("dashboard: printer {} ({}) saved to {}", printerId, kind.label(), file);
            show(true, "Saved to " + file.getFileName() + ": " + printerId + " is polled within a few seconds.");
            form.removeAll();
            showSaved(platform, platform.printerKinds());
        } catch (FileAlreadyExistsException e) {
            show(false, "A printer with the id " + printerId + " is already configured (" + e.getFile() + ").");
        } catch (IllegalArgumentException e) {
            show(false, e.getMessage());
        } catch (IOException e) {
            show(false, "Could not write the configuration file: " + e);
        }
    }

    private void update(Platform.Kind kind, PrinterFiles.Saved editing, Map<String, TextFieldBase<?, String>> inputs) {
        if (!Access.checkOperate("Editing a printer")) {
            return;
        }
        Map<String, String> values = values(inputs);
        for (Platform.Field f : kind.fields()) {
            if (f.required() && !f.secret() && values.getOrDefault(f.id(), "").isEmpty()) {
                show(false, f.name() + " is required.");
                return;
            }
        }
        Platform platform = Platform.current();
        try {
            Path file = PrinterFiles.update(platform.confDirectory(), kind.factoryPid(), editing.printerId(), values,
                    secrets(kind));
            LOG.info("dashboard: printer {} ({}) edited in {}", editing.printerId(), kind.label(), file);
            show(true, "Saved to " + file.getFileName() + ": " + editing.printerId() + " is polled with the new settings "
                    + "within a few seconds.");
            form.removeAll();
        } catch (IllegalArgumentException e) {
            show(false, e.getMessage());
        } catch (IOException e) {
            show(false, "Could not write the configuration file: " + e);
        }
    }

    private static List<String> secrets(Platform.Kind kind) {
        return kind.fields().stream().filter(Platform.Field::secret).map(Platform.Field::id).toList();
    }

    private void show(boolean ok, String text) {
        result.setText(text);
        result.getElement().setAttribute("data-ok", Boolean.toString(ok));
        result.setClassName("result " + (ok ? "ok" : "error"));
    }

    private void showSaved(Platform platform, List<Platform.Kind> available) {
        Map<String, Platform.Kind> byPid = new LinkedHashMap<>();
        available.forEach(k -> byPid.put(k.factoryPid(), k));
        List<PrinterFiles.Saved> files;
        try {
            files = PrinterFiles.list(platform.confDirectory(), byPid.keySet());
        } catch (IOException e) {
            saved.removeAll();
            saved.add(new Span("Cannot read " + platform.confDirectory() + ": " + e));
            savedSignature = "";
            return;
        }
        String signature = files.toString();
        if (signature.equals(savedSignature)) return;
        savedSignature = signature;
        saved.removeAll();
        if (files.isEmpty()) {
            saved.add(new Paragraph("None yet."));
            return;
        }
        for (PrinterFiles.Saved f : files) {
            Button edit = new Button("Edit", e -> showForm(byPid.get(f.factoryPid()), f));
            edit.addClassName("edit");
            Button remove = new Button("Remove", e -> remove(f));
            remove.addClassName("remove");
            Span id = new Span(f.printerId());
            id.addClassName("printer-id");
            Div row = new Div(id, new Span(" " + byPid.get(f.factoryPid()).label() + " — " + f.file().getFileName() + " "), edit,
                    remove);
            row.addClassName("saved-printer");
            row.getElement().setAttribute("data-printer", f.printerId());
            saved.add(row);
        }
    }

    private void remove(PrinterFiles.Saved f) {
        if (!Access.checkOperate("Removing a printer")) {
            return;
        }
        try {
            Files.deleteIfExists(f.file());
            LOG.info("dashboard: printer {} removed ({} deleted)", f.printerId(), f.file());
            show(true, "Removed " + f.printerId() + " (" + f.file().getFileName() + " deleted).");
        } catch (IOException e) {
            show(false, "Could not delete " + f.file() + ": " + e);
        }
        Platform platform = Platform.current();
        showSaved(platform, platform.printerKinds());
    }
}
