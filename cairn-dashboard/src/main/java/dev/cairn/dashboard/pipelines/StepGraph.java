package dev.cairn.dashboard.pipelines;

import dev.cairn.dashboard.Chart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pipeline run's steps as the DAG they ran in: each step in the column of its depth (one more
 * than its deepest upstream step), rows in the order the steps started. Steps that never started
 * have no run and are not drawn, nor are edges to them.
 */
final class StepGraph {
    private StepGraph() {
    }

    /** The graph of these steps, listed in the order they started. */
    static Chart of(List<StepView> steps) {
        Set<String> shown = steps.stream().map(StepView::step).collect(Collectors.toSet());
        Map<String, StepView> byName = steps.stream().collect(Collectors.toMap(StepView::step, step -> step, (first, later) -> later));
        Map<String, Integer> depths = new HashMap<>();
        Map<Integer, Integer> rowsUsed = new HashMap<>();
        List<Chart.DagNode> nodes = new ArrayList<>();
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        for (StepView step : steps) {
            int column = depth(step.step(), byName, depths);
            int row = rowsUsed.merge(column, 1, Integer::sum) - 1;
            nodes.add(new Chart.DagNode(step.step(), step.state(), column, row));
            step.upstream().stream().filter(shown::contains).forEach(upstream -> edges.add(Map.entry(upstream, step.step())));
        }
        return Chart.dag("Steps", nodes, edges);
    }

    /**
     * A step's depth, each step computed once. The executor refuses cycles, but the tags are
     * anyone's to set through the API: a step met again while its depth is being computed counts 0.
     */
    private static int depth(String step, Map<String, StepView> byName, Map<String, Integer> depths) {
        Integer known = depths.get(step);
        if (known != null) {
            return known;
        }
        depths.put(step, 0);
        StepView view = byName.get(step);
        int depth = view == null ? -1 : view.upstream().stream().filter(byName::containsKey)
                .mapToInt(upstream -> depth(upstream, byName, depths)).max().orElse(-1) + 1;
        depths.put(step, depth);
        return depth;
    }
}
