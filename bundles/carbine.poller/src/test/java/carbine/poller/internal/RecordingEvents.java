package carbine.poller.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event posted. */
class RecordingEvents implements EventSink {
    record Posted(String topic, Map<String, Object> properties) {
        Object get(String key) { return properties.get(key); }
    }

    final List<Posted> posted = new CopyOnWriteArrayList<>();

    @Override
    public void post(String topic, Map<String, Object> properties) {
        posted.add(new Posted(topic, Map.copyOf(properties)));
    }

    List<Posted> of(String topic) {
        return posted.stream().filter(p -> p.topic().equals(topic)).toList();
    }

    List<Posted> of(String topic, String printer) {
        return of(topic).stream().filter(p -> printer.equals(p.get("printer"))).toList();
    }
}
