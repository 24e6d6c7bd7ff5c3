/** The JSON Schema editors use to complete and check platform files; generated from the zod schema. */
import { z } from "zod";
import { platformSchema } from "./schema";

export const SCHEMA_ID = "https://kubeship.dev/schema/kubeship.schema.json";

export function platformJsonSchema(): Record<string, unknown> {
    const schema = z.toJSONSchema(platformSchema, { io: "input", target: "draft-2020-12" }) as Record<string, any>;
    // A platform file leaves the cloud to the stack (kubeship:cloud), so it is optional in the file.
    const cluster = schema.properties.cluster;
    cluster.required = (cluster.required as string[]).filter((k) => k !== "cloud");
    return { $id: SCHEMA_ID, title: "kubeship platform config", ...schema };
}
