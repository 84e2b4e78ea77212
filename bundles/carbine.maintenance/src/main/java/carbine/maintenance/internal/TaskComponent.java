package carbine.maintenance.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/** One factory configuration {@code carbine.maintenance.task-<name>.cfg}: a task of the plan, offered to the book. */
@Component(name = Settings.TASK_PID, configurationPid = Settings.TASK_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = TaskComponent.class)
@Designate(ocd = TaskConfig.class, factory = true)
public class TaskComponent {
    private final TaskPlan plan;

    @Activate
    public TaskComponent(@Reference(service = LoggerFactory.class) Logger logger, Map<String, Object> properties) {
        plan = Settings.task(properties, problem -> logger.warn("{}", problem));
    }

    /** Null when the configuration cannot be used (logged). */
    TaskPlan plan() {
        return plan;
    }
}
