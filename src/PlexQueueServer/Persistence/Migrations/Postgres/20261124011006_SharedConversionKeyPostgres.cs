using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlexQueueServer.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedConversionKeyPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConversionKey",
                table: "Items",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Items_ConversionKey",
                table: "Items",
                column: "ConversionKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Items_ConversionKey",
                table: "Items");

            migrationBuilder.DropColumn(
                name: "ConversionKey",
                table: "Items");
        }
    }
}
