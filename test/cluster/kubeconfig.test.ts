import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { execKubeconfig } from "../../components/cluster/kubeconfig";

describe("execKubeconfig", () => {
    it("writes one cluster, context and user with the exec block in a fixed key order, leaving unset fields out", () => {
        const text = execKubeconfig({
            name: "ctx",
            server: "https://10.0.0.1",
            caData: "Q0E=",
            exec: { command: "plugin", args: ["get-token"], interactiveMode: "Never", provideClusterInfo: true },
        });
        expect(text).toMatchInlineSnapshot(`
          "{
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
              {
                "name": "ctx",
                "cluster": {
                  "server": "https://10.0.0.1",
                  "certificate-authority-data": "Q0E="
                }
              }
            ],
            "contexts": [
              {
                "name": "ctx",
                "context": {
                  "cluster": "ctx",
                  "user": "ctx"
                }
              }
            ],
            "current-context": "ctx",
            "preferences": {},
            "users": [
              {
                "name": "ctx",
                "user": {
                  "exec": {
                    "apiVersion": "client.authentication.k8s.io/v1beta1",
                    "command": "plugin",
                    "args": [
                      "get-token"
                    ],
                    "interactiveMode": "Never",
                    "provideClusterInfo": true
                  }
                }
              }
            ]
          }"
        `);
    });

    it("is YAML that kubectl reads: env and installHint land in the exec block", () => {
        const doc = parse(execKubeconfig({
            name: "c", server: "https://x", caData: "",
            exec: { command: "p", env: [{ name: "A", value: "1" }], installHint: "install p" },
        }));
        expect(doc.users[0].user.exec).toEqual({
            apiVersion: "client.authentication.k8s.io/v1beta1", command: "p", env: [{ name: "A", value: "1" }], installHint: "install p",
        });
    });
});
