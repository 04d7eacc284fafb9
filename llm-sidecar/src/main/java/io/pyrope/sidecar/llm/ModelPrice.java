package io.pyrope.sidecar.llm;

/** Price of a model in cost units per million input (prompt) and output (completion) tokens. */
public record ModelPrice(double inputPerMillion, double outputPerMillion) {

    public static final ModelPrice FREE = new ModelPrice(0, 0);

    public ModelPrice {
        if (inputPerMillion < 0 || outputPerMillion < 0) {
            throw new IllegalArgumentException("negative price");
        }
    }

    public double cost(Usage usage) {
        return (usage.promptTokens() * inputPerMillion + usage.completionTokens() * outputPerMillion) / 1_000_000.0;
    }
}
