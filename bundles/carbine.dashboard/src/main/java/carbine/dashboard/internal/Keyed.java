package carbine.dashboard.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;

/**
 * A list of components kept in step with a list of items by key: existing components are updated in place (a
 * button does not vanish under the user's pointer at every refresh), new ones added, gone ones removed.
 */
final class Keyed<T, C extends Component> {
    private final Div container;
    private final Function<T, C> create;
    private final BiConsumer<C, T> update;
    private Map<String, C> byKey = new HashMap<>();
    private List<String> order = List.of();

    Keyed(Div container, Function<T, C> create, BiConsumer<C, T> update) {
        this.container = container;
        this.create = create;
        this.update = update;
    }

    void sync(List<T> items, Function<T, String> key) {
        Map<String, C> next = new HashMap<>();
        List<String> nextOrder = new ArrayList<>();
        List<C> components = new ArrayList<>();
        for (T item : items) {
            String k = key.apply(item);
            if (next.containsKey(k)) continue;
            C c = byKey.get(k);
            if (c == null) c = create.apply(item);
            update.accept(c, item);
            next.put(k, c);
            nextOrder.add(k);
            components.add(c);
        }
        if (!nextOrder.equals(order)) {
            container.removeAll();
            components.forEach(container::add);
        }
        byKey = next;
        order = nextOrder;
    }

    boolean isEmpty() {
        return order.isEmpty();
    }
}
