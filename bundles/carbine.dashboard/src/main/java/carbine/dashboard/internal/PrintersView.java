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
 * second or two). Below, the printers configured by such files, each with <b>Remove</b> (deletes the file).
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
                Button pick = new Button(kind.label(), e -> showForm(kind));
                pick.addClassName("kind");
                pick.getElement().setAttribute("data-kind", kind.factoryPid());
                kinds.add(pick);
            }
        }
        showSaved(platform, available);
    }

    private void showForm(Platform.Kind kind) {
        form.removeAll();
        result.setText("");
        form.getElement().setAttribute("data-kind", kind.factoryPid());
        form.add(new H3(kind.label()));
        Map<String, TextFieldBase<?, String>> inputs = new LinkedHashMap<>();
        for (Platform.Field f : kind.fields()) {
            TextFieldBase<?, String> input = f.secret() ? new PasswordField(f.name()) : new TextField(f.name());
            input.setRequiredIndicatorVisible(f.required());
            input.setHelperText(f.description());
            if (!f.secret()) input.setValue(f.defaultValue());
            input.addClassName("field");
            input.getElement().setAttribute("data-field", f.id());
            input.setWidthFull();
            inputs.put(f.id(), input);
            form.add(input);
        }
        Button test = new Button("Test connection", e -> test(kind, inputs));
        test.addClassName("test");
        Button save = new Button("Save", e -> save(kind, inputs));
        save.addClassName("save");
        form.add(new Div(test, save));
    }

    private static Map<String, String> values(Map<String, TextFieldBase<?, String>> inputs) {
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((id, input) -> values.put(id, input.getValue() == null ? "" : input.getValue().trim()));
        return values;
    }

    private void test(Platform.Kind kind, Map<String, TextFieldBase<?, String>> inputs) {
        Map<String, Object> settings = new LinkedHashMap<>();
        values(inputs).forEach((k, v) -> {
            if (!v.isEmpty()) settings.put(k, v);
        });
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

    private void show(boolean ok, String text) {
        result.setText(text);
        result.getElement().setAttribute("data-ok", Boolean.toString(ok));
        result.setClassName("result " + (ok ? "ok" : "error"));
    }

    private void showSaved(Platform platform, List<Platform.Kind> available) {
        Map<String, String> labels = new LinkedHashMap<>();
        available.forEach(k -> labels.put(k.factoryPid(), k.label()));
        List<PrinterFiles.Saved> files;
        try {
            files = PrinterFiles.list(platform.confDirectory(), labels.keySet());
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
            Button remove = new Button("Remove", e -> remove(f));
            remove.addClassName("remove");
            Span id = new Span(f.printerId());
            id.addClassName("printer-id");
            Div row = new Div(id, new Span(" " + labels.get(f.factoryPid()) + " — " + f.file().getFileName() + " "), remove);
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
