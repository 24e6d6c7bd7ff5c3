/**
 * Private registries: `cluster.azure.acr` gives AKS nodes AcrPull, and means
 * nothing on another cloud (README "Private registries" says what does).
 */
import { showValue } from "../errors";
import { asObj, strings, type Obj, type RuleProblem } from "./shared";

export function registryRules(root: Obj): RuleProblem[] {
    const cluster = asObj(root.cluster);
    const acr = asObj(cluster.azure).acr;
    const ids = strings(acr);
    if (ids.length === 0) return [];
    if (cluster.cloud !== "azure") {
        return [{ path: ["cluster", "azure", "acr"], message: `only applies on azure (it grants the AKS kubelet identity AcrPull), got cloud ${showValue(cluster.cloud)}; remove it, and see the README's "Private registries" for ${typeof cluster.cloud === "string" ? cluster.cloud : "this cloud"}, or use a tier's imagePullSecret` }];
    }
    // Registry names are global (<name>.azurecr.io): one name is one registry, however its id is written.
    const seen = new Map<string, number>();
    const out: RuleProblem[] = [];
    for (const { value, index } of ids) {
        const name = value.slice(value.lastIndexOf("/") + 1).toLowerCase();
        const earlier = seen.get(name);
        if (earlier !== undefined) out.push({ path: ["cluster", "azure", "acr", index], message: `names registry ${showValue(name)} again (as acr[${earlier}]), got ${showValue(value)}; remove one of them` });
        else seen.set(name, index);
    }
    return out;
}
