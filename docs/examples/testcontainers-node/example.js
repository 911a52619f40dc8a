// Starts the mock's image, waits until /_mock/ready answers 200 on the US port,
// lists the demo workspaces with the demo key, and stops the container. The
// image is BREAKCOLD_MOCK_IMAGE (default: the tag `make image` gives it).
import { GenericContainer, Wait } from "testcontainers";

const image = process.env.BREAKCOLD_MOCK_IMAGE ?? "ghcr.io/breakcold-go/breakcold-mock:latest";
const mock = await new GenericContainer(image)
  .withExposedPorts(8080, 8081)
  .withWaitStrategy(Wait.forHttp("/_mock/ready", 8080).forStatusCode(200))
  .start();
try {
  const baseUrl = `http://${mock.getHost()}:${mock.getMappedPort(8080)}`;
  const res = await fetch(`${baseUrl}/api/v1/workspaces`, {
    headers: { Authorization: "Bearer bc_live_usfull_4f7a2c9e1b6d3f5a8c2e7b90" },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`listWorkspaces: ${res.status} ${JSON.stringify(body)}`);
  console.log("mock ready at", baseUrl, "with", body.data.length, "workspaces");
} finally {
  await mock.stop();
}
