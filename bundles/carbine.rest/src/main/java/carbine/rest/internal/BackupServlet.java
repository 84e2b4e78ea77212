package carbine.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import carbine.api.Carbine;
import carbine.api.store.StoreBackup;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/v1/backup} (admins only): an online backup of the store ({@link StoreBackup}, as the shell's
 * {@code carbine:backup}) into the data directory's {@value #FOLDER} folder, under a name of the caller's choice
 * ({@code {"file":"nightly/2026-12-05.db"}}) or a dated one. No path from the network leaves that folder. Every
 * request has passed carbine.console's guard (host, cross-site, login) before it gets here.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("carbine.rest.backup")
@HttpWhiteboardServletPattern(BackupServlet.PATH)
public class BackupServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/api/v1/backup";
    static final String FOLDER = "backups";
    /** A body larger than this is no backup request. */
    static final int MAX_BODY = 4096;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final transient Path backups;
    private final transient Logger logger;
    /** One backup at a time: each reads the whole database and writes as much. */
    private final transient ReentrantLock running = new ReentrantLock();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient StoreBackup store;

    @Activate
    public BackupServlet(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger) {
        this(Carbine.dataDirectory(context).resolve(FOLDER), logger);
    }

    BackupServlet(Path backups, Logger logger) {
        this.backups = backups.toAbsolutePath().normalize();
        this.logger = logger;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            Answers.error(response, HttpServletResponse.SC_NOT_FOUND, "no Carbine API at this path; POST " + PATH);
            return;
        }
        if (!request.isUserInRole(Carbine.ROLE_ADMIN)) {
            Answers.error(response, HttpServletResponse.SC_FORBIDDEN, "a backup needs an admin's login or token; "
                    + (request.getRemoteUser() == null ? "this request has none"
                            : "'" + request.getRemoteUser() + "' is no admin"));
            return;
        }
        String who = AlertsServlet.actor(request.getRemoteUser(), request.getRemoteAddr());
        StoreBackup s = store;
        if (s == null) {
            Answers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the store is not running: nothing to back up");
            return;
        }
        if (!running.tryLock()) {
            Answers.error(response, HttpServletResponse.SC_CONFLICT, "a backup is running; try again when it is done");
            return;
        }
        try {
            Path target = target(backups, file(request), Instant.now());
            createFolder(backups);
            insideFolder(backups, target);
            StoreBackup.Result r = s.backup(target);
            logger.info("Backup written: {} ({} bytes in {} ms), asked by {}", r.file(), r.bytes(),
                    r.took().toMillis(), who);
            JsonObject json = new JsonObject();
            json.addProperty("path", r.file().toString());
            json.addProperty("bytes", r.bytes());
            json.addProperty("millis", r.took().toMillis());
            Answers.json(response, 200, json);
        } catch (BadParameter e) {
            Answers.bad(response, e);
        } catch (FileAlreadyExistsException e) {
            Answers.json(response, HttpServletResponse.SC_CONFLICT, RestJson.error(HttpServletResponse.SC_CONFLICT,
                    "not written: " + e.getFile() + " already exists (a backup never overwrites a file; choose "
                            + "another name)", "file"));
        } catch (NoSuchFileException e) {
            Answers.bad(response, new BadParameter("file", "not written: the directory " + e.getFile()
                    + " does not exist (create it in " + backups + " first)"));
        } catch (IOException | RuntimeException e) {
            // one line per failed backup: the admin asked, and should find why in carbine.log too
            String reason = e instanceof AccessDeniedException a ? a.getFile() + ": " + a.getReason()
                    : String.valueOf(e.getMessage());
            logger.warn("Backup failed, nothing written: {} (asked by {})", reason, who);
            Answers.error(response, 507, "backup failed, nothing written: " + reason);
        } finally {
            running.unlock();
        }
    }

    /** The body's {@code file}, or null for a dated name; the body is empty or {@code {"file":"..."}}. */
    private static String file(HttpServletRequest request) throws IOException, BadParameter {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new BadParameter("body", "the body is larger than " + MAX_BODY + " bytes: send {\"file\":\"name.db\"} "
                    + "or nothing");
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            JsonElement json = JsonParser.parseString(text);
            if (!json.isJsonObject()) {
                throw new IllegalStateException("not an object");
            }
            JsonElement file = json.getAsJsonObject().get("file");
            if (file == null || file.isJsonNull()) {
                return null;
            }
            if (!file.isJsonPrimitive() || !file.getAsJsonPrimitive().isString()) {
                throw new BadParameter("file", "file must be a string: a file name in " + FOLDER + "/");
            }
            return file.getAsString();
        } catch (RuntimeException e) {
            throw new BadParameter("body", "the body is not JSON like {\"file\":\"name.db\"}: " + e.getMessage());
        }
    }

    /**
     * Where a backup asked for as {@code file} goes: a path relative to {@code backups} (or an absolute one inside
     * it), never outside it: no {@code ..}, no control characters. Without {@code file}: a dated name, {@code
     * carbine-20261205T083000Z.db}, numbered if taken.
     */
    static Path target(Path backups, String file, Instant now) throws BadParameter {
        if (file == null || file.isBlank()) {
            Path dated = backups.resolve("carbine-" + STAMP.format(now) + ".db");
            for (int n = 2; Files.exists(dated); n++) {
                dated = backups.resolve("carbine-" + STAMP.format(now) + "-" + n + ".db");
            }
            return dated;
        }
        if (file.length() > 255) {
            throw new BadParameter("file", "file is longer than 255 characters");
        }
        if (file.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BadParameter("file", "file has a control character");
        }
        Path asked;
        try {
            asked = Path.of(file);
        } catch (InvalidPathException e) {
            throw new BadParameter("file", "file is no file name: " + e.getReason());
        }
        for (Path part : asked) {
            if (part.toString().equals("..")) {
                throw new BadParameter("file", "file must not contain '..': a backup stays in " + backups);
            }
        }
        Path target = backups.resolve(asked).normalize();
        if (!target.startsWith(backups) || target.equals(backups)) {
            throw new BadParameter("file", "file must name a file in " + backups + ": '" + file + "' does not");
        }
        return target;
    }

    /** The folder, owner-only when made here (backups hold the whole history). */
    private static void createFolder(Path backups) throws IOException {
        if (!Files.isDirectory(backups)) {
            Files.createDirectories(backups);
            try {
                Files.setPosixFilePermissions(backups, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply
            }
        }
    }

    /** A symbolic link inside the folder must not lead a backup out of it. */
    private static void insideFolder(Path backups, Path target) throws IOException, BadParameter {
        Path dir = target.getParent();
        if (Files.isDirectory(dir) && !dir.toRealPath().startsWith(backups.toRealPath())) {
            throw new BadParameter("file", "file must name a file in " + backups + ": its directory leads out of it");
        }
    }
}
